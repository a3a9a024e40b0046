package disclosure

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// The JSON of a report (public/data/disclosure/<year>.json) has the keys
// of the contract in the format's order: year, active, requests (columns,
// then rows from new to carried_forward), review.

// MarshalJSON writes the report with the contract's keys.
func (r *Report) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Year     int       `json:"year"`
		Active   Active    `json:"active"`
		Requests *Requests `json:"requests"`
		Review   Review    `json:"review"`
	}{r.Year, r.Active, &r.Requests, r.Review})
}

// MarshalJSON writes 表三 as its column names and its rows by name, in the
// order of the format.
func (r *Requests) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"columns":`)
	cols, err := json.Marshal(ColumnKeys)
	if err != nil {
		return nil, err
	}
	b.Write(cols)
	b.WriteString(`,"rows":{`)
	for row := range r {
		if row > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(Rows[row].Key))
		b.WriteString(":[")
		for c, n := range r[row] {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteByte(']')
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

// MarshalJSON writes the four results and their total.
func (o Outcomes) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Upheld    int `json:"upheld"`
		Corrected int `json:"corrected"`
		Other     int `json:"other"`
		Pending   int `json:"pending"`
		Total     int `json:"total"`
	}{o.Upheld, o.Corrected, o.Other, o.Pending, o.Total()})
}
