package report

import "strings"

// reservedIDs are the ids of the frame of a document page in the default
// theme (base.html, document.html): the skip link jumps to main.
var reservedIDs = []string{"main", "site-search-q", "att-h", "rel-h"}

// reservedPrefixes begin the ids that pages make: chart boxes (ChartID:
// c_…), tables and their captions (t_…), goldmark's footnotes (fn:…,
// fnref…).
var reservedPrefixes = []string{"c_", "t_", "fn:", "fnref"}

// ReservedID reports whether id is one a page makes itself. A document's
// heading must not take one (markdown.Options.ReservedID): the browser
// finds the first element of an id, so a link to a chart or a table, or a
// reference to a caption, would reach a heading named like it instead.
func ReservedID(id string) bool {
	for _, r := range reservedIDs {
		if id == r {
			return true
		}
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}
