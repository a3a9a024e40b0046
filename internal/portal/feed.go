package portal

import (
	"bytes"
	"encoding/xml"
	"time"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/layout"
)

// FeedSize is the number of documents in the feed: the newest.
const FeedSize = 50

type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Self          rssSelf   `xml:"atom:link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	Generator     string    `xml:"generator"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Author      string        `xml:"dc:creator,omitempty"`
	Categories  []rssCategory `xml:"category"`
	Description string        `xml:"description,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

// pubTime is the moment a document was published, for feeds: its 发布日期,
// else the start of its 成文日期 in China.
func pubTime(d *content.Document) time.Time {
	if d.HasPublish {
		return d.Published
	}
	if d.Written.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Written.Year, d.Written.Month, d.Written.Day, 0, 0, 0, 0, content.China)
}

// feed is the RSS 2.0 feed of the newest documents. Every link is absolute
// (with the base URL's sub-path); a document that is no longer 有效 says so
// in its title and as a category. The build date is the newest document's,
// not the clock, so the same input gives the same bytes. encoding/xml
// escapes every text.
func (p *Portal) feed() []byte {
	site := p.opts.Site
	ch := rssChannel{
		Title:       site.Title,
		Link:        site.AbsURL(""),
		Self:        rssSelf{Href: site.AbsURL(layout.Feed), Rel: "self", Type: "application/rss+xml"},
		Description: site.Description,
		Language:    site.Language,
		Generator:   "gongkai",
	}
	if ch.Description == "" {
		ch.Description = site.Title
	}
	docs := p.opts.Content.Docs
	if len(docs) > FeedSize {
		docs = docs[:FeedSize]
	}
	for i, d := range docs {
		st := d.Status(p.opts.Today)
		it := rssItem{
			Title:       d.Title,
			Link:        site.AbsURL(EscapePath(d.URL)),
			Author:      d.Publisher,
			Description: d.Summary,
		}
		it.GUID = rssGUID{IsPermaLink: "true", Value: it.Link}
		if st != content.Valid {
			it.Title = p.tf("pt_feed_marked", d.Title, st)
		}
		if t := pubTime(d); !t.IsZero() {
			it.PubDate = t.Format(time.RFC1123Z)
			if i == 0 {
				ch.LastBuildDate = it.PubDate
			}
		}
		if d.Genre != "" {
			it.Categories = append(it.Categories, rssCategory{Domain: p.t("genre"), Value: d.Genre})
		}
		if d.Topic != "" {
			it.Categories = append(it.Categories, rssCategory{Domain: p.t("topic"), Value: d.Topic})
		}
		it.Categories = append(it.Categories, rssCategory{Domain: p.t("validity"), Value: st})
		ch.Items = append(ch.Items, it)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	f := rssFeed{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", DC: "http://purl.org/dc/elements/1.1/", Channel: ch}
	if err := enc.Encode(f); err != nil {
		panic(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}
