package data

import "github.com/gongkai-dev/gongkai/internal/indicators"

// FigureColumn is one input figure of a school part (班级数 … 美术专用教室最小面积)
// as the site publishes it: its header, with the unit of an area or a sum
// of money, is a name schools.csv accepts, so that a published file reads
// back as input.
type FigureColumn struct {
	Header string
	Figure func(p *indicators.SchoolPart) indicators.Figure
}

// FigureColumns are the input figures, in published order.
func FigureColumns() []FigureColumn {
	out := make([]FigureColumn, len(inputColumns))
	for i, c := range inputColumns {
		out[i] = FigureColumn{Header: inputHeader(c), Figure: func(p *indicators.SchoolPart) indicators.Figure { return partFigure(p, c) }}
	}
	return out
}

// inputColumns are the input figure columns, in published order.
var inputColumns = []int{
	cClasses, cMaxClassSize, cOversizeClasses,
	cTeachers, cCertifiedTeachers, cQualifiedTeachers, cBackboneTeachers, cPEArtTeachers,
	cTeachingArea, cSportsArea, cEquipmentValue, cMultimediaRooms,
	cMusicRooms, cMusicRoomMinArea, cArtRooms, cArtRoomMinArea,
}

// inputHeader is the published header of an input column.
func inputHeader(c int) string {
	h := columns[c].zh()
	switch columns[c].dim {
	case dimArea:
		h += "(㎡)"
	case dimMoney:
		h += "(元)"
	}
	return h
}

// FormatNumber writes v in full precision, without an exponent: as
// messages quote a figure and as published files write it.
func FormatNumber(v float64) string { return formatNumber(v) }
