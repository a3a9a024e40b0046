package data

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/gongkai-dev/gongkai/internal/codec"
	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Pack writes the school parts and shared facilities of in as compact
// bytes, for a build that holds the rows of every county and year until its
// pages are made: a row takes about a third of the memory of its
// indicators.SchoolPart. Unpack gives them back exactly — every figure to
// the bit, the row's file and line too.
//
// A string that repeats (乡镇, 区县, file) is written once per pack; a figure
// that is a whole number is written as a varint, any other as its 8 bytes.
func Pack(in indicators.Input) []byte {
	p := packer{index: map[string]uint64{}}
	p.uint(uint64(len(in.Parts)))
	for i := range in.Parts {
		p.part(&in.Parts[i])
	}
	p.uint(uint64(len(in.Shared)))
	for i := range in.Shared {
		p.shared(&in.Shared[i])
	}
	// The string table comes first, so that Unpack makes each string once.
	out := binary.AppendUvarint(nil, uint64(len(p.strings)))
	for _, s := range p.strings {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, p.body...)
}

// Unpack returns in with the school parts and shared facilities that Pack
// wrote into b. An error means b is not what Pack wrote.
func Unpack(in indicators.Input, b []byte) (indicators.Input, error) {
	u := unpacker{Reader: codec.Reader{B: b}}
	n := u.Uvarint()
	for range n {
		if u.Failed {
			break
		}
		u.strings = append(u.strings, string(u.Next(u.Uvarint())))
	}
	if n = u.Uvarint(); n > uint64(len(u.B)) {
		u.Fail()
	}
	if !u.Failed && n > 0 {
		in.Parts = make([]indicators.SchoolPart, n)
		for i := range in.Parts {
			u.part(&in.Parts[i])
		}
	} else {
		in.Parts = nil
	}
	if n = u.Uvarint(); n > uint64(len(u.B)) {
		u.Fail()
	}
	if !u.Failed && n > 0 {
		in.Shared = make([]indicators.SharedFacility, n)
		for i := range in.Shared {
			u.shared(&in.Shared[i])
		}
	} else {
		in.Shared = nil
	}
	if len(u.B) != 0 {
		u.Fail()
	}
	if u.Failed {
		return indicators.Input{}, fmt.Errorf("内部错误：打包的学校数据无法读回（%d 字节未读）", u.Unread)
	}
	return in, nil
}

// partFigures are the figures of a school part, in the order they are
// packed. TestPackEveryField fails when a field is left out.
func partFigures(p *indicators.SchoolPart) [16]*indicators.Figure {
	return [...]*indicators.Figure{
		&p.Classes, &p.MaxClassSize, &p.OversizeClasses,
		&p.Teachers, &p.CertifiedTeachers, &p.QualifiedTeachers, &p.BackboneTeachers, &p.PEArtTeachers,
		&p.TeachingArea, &p.SportsArea, &p.EquipmentValue, &p.MultimediaRooms,
		&p.MusicRooms, &p.MusicRoomMinArea, &p.ArtRooms, &p.ArtRoomMinArea,
	}
}

func sharedFigures(s *indicators.SharedFacility) [5]*indicators.Figure {
	return [...]*indicators.Figure{&s.SeniorStudents, &s.TeachingArea, &s.SportsArea, &s.EquipmentValue, &s.MultimediaRooms}
}

// Flags of a part.
const (
	flagPrivate = 1 << iota
	flagBoardingGiven
	flagBoarding
)

type packer struct {
	body    []byte
	strings []string
	index   map[string]uint64
}

func (p *packer) uint(v uint64) { p.body = binary.AppendUvarint(p.body, v) }
func (p *packer) int(v int64)   { p.body = binary.AppendVarint(p.body, v) }

func (p *packer) str(s string) {
	i, ok := p.index[s]
	if !ok {
		i = uint64(len(p.strings))
		p.index[s] = i
		p.strings = append(p.strings, s)
	}
	p.uint(i)
}

// figures writes which figures are given and which of those are whole
// numbers (two bit masks), then the values.
func (p *packer) figures(fs []*indicators.Figure) {
	var given, whole uint64
	for k, f := range fs {
		if f.Given {
			given |= 1 << k
			if isWhole(f.Value) {
				whole |= 1 << k
			}
		}
	}
	p.uint(given)
	p.uint(whole)
	for k, f := range fs {
		switch {
		case whole&(1<<k) != 0:
			p.int(int64(f.Value))
		case given&(1<<k) != 0:
			p.body = binary.LittleEndian.AppendUint64(p.body, math.Float64bits(f.Value))
		}
	}
}

// isWhole tells a value that a varint gives back to the bit: not -0, not
// beyond ±2⁵³.
func isWhole(v float64) bool {
	const limit = 1 << 53
	if v != math.Trunc(v) || v < -limit || v > limit {
		return false
	}
	return math.Float64bits(float64(int64(v))) == math.Float64bits(v)
}

func (p *packer) part(s *indicators.SchoolPart) {
	p.str(s.SchoolID)
	p.str(s.SchoolName)
	p.str(string(s.Level))
	p.int(int64(s.UrbanRuralCode))
	p.int(int64(s.Students))
	p.str(string(s.SchoolType))
	var flags uint64
	if s.Private {
		flags |= flagPrivate
	}
	if s.Boarding != nil {
		flags |= flagBoardingGiven
		if *s.Boarding {
			flags |= flagBoarding
		}
	}
	p.uint(flags)
	p.str(s.CountyCode)
	p.str(s.CountyName)
	p.str(s.Township)
	fs := partFigures(s)
	p.figures(fs[:])
	p.str(s.File)
	p.int(int64(s.Line))
}

func (p *packer) shared(s *indicators.SharedFacility) {
	p.str(s.SchoolID)
	fs := sharedFigures(s)
	p.figures(fs[:])
	p.str(s.File)
	p.int(int64(s.Line))
}

type unpacker struct {
	codec.Reader
	strings []string
}

func (u *unpacker) str() string {
	i := u.Uvarint()
	if i >= uint64(len(u.strings)) {
		u.Fail()
		return ""
	}
	return u.strings[i]
}

func (u *unpacker) figures(fs []*indicators.Figure) {
	given, whole := u.Uvarint(), u.Uvarint()
	if given>>len(fs) != 0 || whole&^given != 0 {
		u.Fail()
		return
	}
	for k, f := range fs {
		switch {
		case whole&(1<<k) != 0:
			*f = indicators.Given(float64(u.Varint()))
		case given&(1<<k) != 0:
			*f = indicators.Given(u.Float64())
		}
	}
}

func (u *unpacker) part(s *indicators.SchoolPart) {
	s.SchoolID = u.str()
	s.SchoolName = u.str()
	s.Level = indicators.Level(u.str())
	s.UrbanRuralCode = int(u.Varint())
	s.Students = int(u.Varint())
	s.SchoolType = indicators.SchoolType(u.str())
	flags := u.Uvarint()
	s.Private = flags&flagPrivate != 0
	if flags&flagBoardingGiven != 0 {
		b := flags&flagBoarding != 0
		s.Boarding = &b
	}
	s.CountyCode = u.str()
	s.CountyName = u.str()
	s.Township = u.str()
	fs := partFigures(s)
	u.figures(fs[:])
	s.File = u.str()
	s.Line = int(u.Varint())
}

func (u *unpacker) shared(s *indicators.SharedFacility) {
	s.SchoolID = u.str()
	fs := sharedFigures(s)
	u.figures(fs[:])
	s.File = u.str()
	s.Line = int(u.Varint())
}
