package indicators

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON writes the two levels in the contract's order; a level with no
// school parts (nil) is written as {} (data-format.md: "junior": {}).
func (r LevelReports) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	for i, l := range Levels {
		if i > 0 {
			b.WriteByte(',')
		} else {
			b.WriteByte('{')
		}
		b.WriteByte('"')
		b.WriteString(string(l))
		b.WriteString(`":`)
		lr := r.Get(l)
		if lr == nil {
			b.WriteString("{}")
			continue
		}
		j, err := json.Marshal(lr)
		if err != nil {
			return nil, err
		}
		b.Write(j)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes: {} or null is a level with no
// school parts (nil).
func (r *LevelReports) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*r = LevelReports{}
	for _, l := range Levels {
		raw, ok := m[string(l)]
		if !ok {
			continue
		}
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(raw, &probe); err != nil {
			return err
		}
		if len(probe) == 0 {
			continue
		}
		lr := &LevelReport{Level: l}
		if err := json.Unmarshal(raw, lr); err != nil {
			return err
		}
		if l == Junior {
			r.Junior = lr
		} else {
			r.Primary = lr
		}
	}
	return nil
}
