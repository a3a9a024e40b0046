package layout

import "strconv"

// Disclosure is the folder of the 政府信息公开工作年度报告's data files: each
// report year's <year>.json and its three tables as CSV (DisclosureCSV).
const Disclosure = "data/disclosure/"

// DisclosureJSON is the site path of a report year's figures:
// data/disclosure/2024.json.
func DisclosureJSON(year int) string { return Disclosure + strconv.Itoa(year) + ".json" }

// DisclosureCSV is the site path of one table of a report year as CSV, by
// the table's name (active, requests, review): data/disclosure/2024-requests.csv.
func DisclosureCSV(year int, table string) string {
	return Disclosure + strconv.Itoa(year) + "-" + table + ".csv"
}
