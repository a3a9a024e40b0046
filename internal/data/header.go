package data

// HeaderColumn tells which column of schools.csv a header names, matched as
// the loader matches it (canonical name or Chinese alias, spaces and
// full-width parentheses ignored, a unit in parentheses). canonical is ""
// when the header names no column of schools.csv; badUnit says what is
// wrong with its unit, if anything. It lets gongkai import-data find the
// header row of a spreadsheet and leave out columns the site does not use.
func HeaderColumn(h string) (canonical, badUnit string) {
	m := matchHeader(h)
	if m.col < 0 || !schoolsFile.accepts(m.col) {
		return "", ""
	}
	return columns[m.col].canonical, m.badUnit
}
