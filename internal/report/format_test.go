package report

import (
	"math"
	"testing"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

func TestFixed(t *testing.T) {
	for _, c := range []struct {
		v    float64
		n    int
		want string
	}{
		{0, 2, "0.00"},
		{5.3, 2, "5.30"},
		{2.675, 2, "2.68"}, // as written, not 2.67499999…
		{1.005, 2, "1.01"},
		{0.125, 2, "0.13"},
		{3101.963884196932, 2, "3,101.96"},
		{1234567.891, 2, "1,234,567.89"},
		{999.995, 2, "1,000.00"},
		{9.9999, 2, "10.00"},
		{0.3172309024575868, 3, "0.317"},
		{0.0005, 3, "0.001"},
		{-0.001, 2, "0.00"}, // no negative zero
		{-1234.5, 1, "-1,234.5"},
		{1e21, 0, "1,000,000,000,000,000,000,000"},
		{123, 0, "123"},
		{1234, 0, "1,234"},
		{999999.5, 0, "1,000,000"},
	} {
		if got := Fixed(c.v, c.n); got != c.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", c.v, c.n, got, c.want)
		}
	}
	if got := Fixed(math.NaN(), 2); got != "NaN" {
		t.Errorf("NaN: %q", got)
	}
}

func TestCeilPlainPercent(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Ceil(1892, 1), "1,892.0"},
		{Ceil(1892.01, 1), "1,892.1"},
		{Ceil(2021.5, 0), "2,022"},
		{Ceil(126000, 0), "126,000"},
		{Ceil(0.99, 0), "1"},
		{Plain(4.2), "4.2"},
		{Plain(2000), "2,000"},
		{Plain(0.85), "0.85"},
		{Plain(3.825), "3.825"},
		{Int(9776), "9,776"},
		{Int(0), "0"},
		{Percent(0.8571428571, 1), "85.7%"},
		{Percent(0.0145, 1), "1.5%"}, // 1.45 as written rounds up
		{Percent(1, 1), "100.0%"},
		{Percent(0, 1), "0.0%"},
		{Percent(2.0/3, 1), "66.7%"},
		{PlainPercent(0.85), "85%"},
		{PlainPercent(0.975), "97.5%"},
		{PlainPercent(1), "100%"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestFormatFigures(t *testing.T) {
	f := Format{Missing: "未提供"}
	if got := f.Value(indicators.Missing); got != "未提供" {
		t.Errorf("missing value: %q", got)
	}
	if got := f.Value(indicators.Given(0)); got != "0.00" {
		t.Errorf("zero is a value, not missing: %q", got)
	}
	if got := f.CV(indicators.Given(0.04940171990067735)); got != "0.049" {
		t.Errorf("cv: %q", got)
	}
	if got := f.CV(indicators.Missing); got != "未提供" {
		t.Errorf("missing cv: %q", got)
	}
	if got := f.Share(indicators.Given(5.0 / 6)); got != "83.3%" {
		t.Errorf("share: %q", got)
	}
	for _, c := range []struct {
		ind  indicators.Indicator
		v    float64
		want string
	}{
		{indicators.BackboneTeachers, 2, "2"},
		{indicators.MultimediaRooms, 1, "1"},
		{indicators.SportsArea, 1892, "1,892.0"},
		{indicators.TeachingArea, 12.34, "12.4"},
		{indicators.EquipmentValue, 11700, "11,700"},
		{indicators.EquipmentValue, 11700.2, "11,701"},
	} {
		if got := Shortfall(c.ind, c.v); got != c.want {
			t.Errorf("Shortfall(%s, %v) = %q, want %q", c.ind, c.v, got, c.want)
		}
	}
	if got := Round(2.675, 2); got != 2.68 {
		t.Errorf("Round = %v", got)
	}
	if got := Round(3101.963884196932, 2); got != 3101.96 {
		t.Errorf("Round = %v", got)
	}
}
