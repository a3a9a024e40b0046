package layout

import "testing"

// TestDisclosurePaths pins the paths of the disclosure report's files.
func TestDisclosurePaths(t *testing.T) {
	for got, want := range map[string]string{
		DisclosureJSON(2024):            "data/disclosure/2024.json",
		DisclosureCSV(2024, "active"):   "data/disclosure/2024-active.csv",
		DisclosureCSV(2024, "requests"): "data/disclosure/2024-requests.csv",
		DisclosureCSV(2023, "review"):   "data/disclosure/2023-review.csv",
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
