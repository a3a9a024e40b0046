// Package layout owns the published layout of a site: every URL and output
// path (the data pages, the per-county data folders, the portal's pages and
// files, pagination), the rule that decides whether a year holds several
// counties, and the domain vocabulary the pages and files print (小学/初中,
// 城区/镇区/乡村, the indicators' names).
//
// Every other package asks it; none writes a path of its own. A site path
// is relative to the site root, without a leading slash; a page's path ends
// in "/" ("" is the home page) and is written to <path>index.html (OutPath).
//
//	reports/                                 the years, with their verdicts
//	reports/<year>/                          the year report (one county), or
//	                                         the year's counties (several)
//	reports/<year>/<county>/                 a county's report (several)
//	…/<level>/ and …/<level>/<indicator>/    a level's schools, one indicator
//	reports/trends/[<county>/]               the trends across years
//	schools/  schools/<school>/              every school, one school
//	data/<year>/[county/<code>/]             indicators.json, schools.csv, standards.json
//	data/revisions/  data/revisions.csv      the data's revision history
//	catalogue/[<facet>/<value>/]             the 信息公开目录
//	search/  index.xml  sitemap.xml [sitemap-<n>.xml]  robots.txt  404.html  assets/
//
// A long list continues at <list path>page/<n>/ (Paged).
package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/indicators"
)

// Site paths of the pages and files that are not per year or county.
const (
	Home          = ""
	Reports       = "reports/"
	Trends        = "reports/trends/"
	Schools       = "schools/"
	Catalogue     = "catalogue/"
	CatalogueJSON = "catalogue/index.json"
	Search        = "search/"
	SearchIndex   = "search/index.json"
	Revisions     = "data/revisions/"
	RevisionsCSV  = "data/revisions.csv"
	Feed          = "index.xml"
	Sitemap       = "sitemap.xml"
	Robots        = "robots.txt"
	NotFound      = "404.html"
	Assets        = "assets/"
)

// The data files of a county-year, in its data folder (Data.Dir), and of
// a year of several counties, in the year's folder (YearData).
const (
	SchoolsCSV     = "schools.csv"
	IndicatorsJSON = "indicators.json"
	StandardsJSON  = "standards.json"
	CountiesCSV    = "counties.csv"
	CountiesJSON   = "counties.json"
)

// YearData is the folder of a year's data files: data/<year>/.
func YearData(year int) string { return "data/" + strconv.Itoa(year) + "/" }

// SearchShard is the site path of shard n of the search index: "s" for the
// documents' shards, "t" for the rest.
func SearchShard(kind string, n int) string {
	return Search + kind + "/" + strconv.Itoa(n) + ".json"
}

// SitemapPart is the site path of part n (from 1) of the sitemap, when the
// site has more pages than one sitemap file may list: Sitemap is then the
// sitemap index naming the parts.
func SitemapPart(n int) string { return "sitemap-" + strconv.Itoa(n) + ".xml" }

// ShardManifest is the file at the top of a shard's output (gongkai build
// --shard) that tells gongkai merge what the shard wrote. It is not
// published: merge leaves it out of the merged site.
const ShardManifest = ".gongkai-shard.json"

// Section is the site path of a section's list of documents.
func Section(name string) string { return name + "/" }

// Favicon is the site path of the site's own icon (site.toml favicon), by
// its extension (".ico", ".png", ".svg"); the theme's default icon is its
// static file favicon.svg.
func Favicon(ext string) string { return "favicon" + ext }

// Asset is the site path of a theme's static file, by its hashed name.
func Asset(hashed string) string { return Assets + hashed }

// OutPath is the file a site path is written to: "a/b/" → "a/b/index.html",
// "" → "index.html"; a file's path is itself.
func OutPath(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

var safeSlug = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// Slug is a path segment for an id or a county code: the id itself when it
// is plain, else a short hash of it. "page" and "county" (in any case) are
// never a segment: <list>page/<n>/ are the further pages of a list, and
// schools/county/<code>/ a county's schools.
func Slug(id string) string {
	if safeSlug.MatchString(id) && len(id) <= 64 && !strings.EqualFold(id, "page") && !strings.EqualFold(id, "county") {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "id-" + hex.EncodeToString(sum[:6])
}

// School is the site path of a school's page.
func School(id string) string { return Schools + Slug(id) + "/" }

// CountySchools is the site path of the list of one county's schools, on a
// site of several counties.
func CountySchools(code string) string { return Schools + "county/" + Slug(code) + "/" }

// Year is the site path of a year's report (one county) or of its list
// of counties (several).
func Year(year int) string { return Reports + strconv.Itoa(year) + "/" }

// CountyTrends is the site path of one county's trends on a site of
// several counties.
func CountyTrends(code string) string { return Trends + Slug(code) + "/" }

// Level is the site path of a level's school list below a report's path.
func Level(report string, l indicators.Level) string { return report + string(l) + "/" }

// Indicator is the site path of one indicator's page below a report's path.
func Indicator(report string, l indicators.Level, ind indicators.Indicator) string {
	return Level(report, l) + string(ind) + "/"
}

// PagePath is the site path of a page by its file, the inverse of OutPath:
// "a/b/index.html" → "a/b/", "index.html" → "".
func PagePath(file string) string { return strings.TrimSuffix(file, "index.html") }

// Facet is the site path of the catalogue narrowed to one facet value
// (segment is the value's path segment, made to fit any file system).
func Facet(key, segment string) string { return Catalogue + key + "/" + segment + "/" }
