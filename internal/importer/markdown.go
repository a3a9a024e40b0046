package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	// 一、 二、 … (also 一． and 一.)
	outline2RE = regexp.MustCompile(`^[一二三四五六七八九十百零〇]+\s*[、．.]`)
	// (一) （一）
	outline3RE = regexp.MustCompile(`^[(（]\s*[一二三四五六七八九十百零〇]+\s*[)）]`)
	// 1. 1． 1、 — not 1.5, not 01.
	outline4RE = regexp.MustCompile(`^[1-9]\d?\s*(?:[、．]|\.(?:[^0-9]|$))`)
)

// outlineLevel returns the Markdown heading level of a line that begins with
// an outline number of a Chinese official text, or 0.
func outlineLevel(s string) int {
	switch {
	case outline2RE.MatchString(s):
		return 2
	case outline3RE.MatchString(s):
		return 3
	case outline4RE.MatchString(s):
		return 4
	}
	return 0
}

// maxHeading is the longest heading, in characters; a longer first sentence
// is a numbered paragraph.
const maxHeading = 40

// splitHeading splits a line that starts with an outline number into its
// heading and the paragraph it runs on into: "1.教育投入有效保障。建立并完善
// 了……" → "1.教育投入有效保障", "建立并完善了……". ok is false when the line is
// a numbered paragraph rather than a heading.
func splitHeading(s string, level int) (heading, rest string, ok bool) {
	i := strings.IndexAny(s, "。！？；")
	if i < 0 {
		// No sentence end: a heading when short.
		return strings.TrimRight(s, "：:"), "", runes(s) <= maxHeading
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	heading = s[:i]
	rest = strings.TrimSpace(s[i+size:])
	if runes(heading) > maxHeading {
		return "", "", false
	}
	if rest == "" && level == 4 && runes(heading) > 15 {
		// "4.我市校舍……不达标。" — one whole sentence: an item, not a heading.
		return "", "", false
	}
	return heading, rest, true
}

// markdownBody writes the body lines as Markdown: headings for the outline,
// one paragraph per line otherwise.
func markdownBody(body []classified, notes *[]note) []byte {
	var b strings.Builder
	for _, c := range body {
		t := c.text
		if lvl := outlineLevel(t); lvl > 0 {
			if h, rest, ok := splitHeading(t, lvl); ok {
				b.WriteString(strings.Repeat("#", lvl) + " " + escapeInline(h) + "\n\n")
				if rest != "" {
					b.WriteString(escapeParagraph(rest) + "\n\n")
				}
				continue
			}
		}
		b.WriteString(escapeParagraph(t) + "\n\n")
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

var (
	inlineEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `~`, `\~`, `{{`, `\{{`)
	entityRE      = regexp.MustCompile(`&(#?[A-Za-z0-9]+;)`)
	listStartRE   = regexp.MustCompile(`^(\d+)([.)])(\s)`)
)

// escapeInline escapes what Markdown would read as markup in running text.
func escapeInline(s string) string {
	s = inlineEscaper.Replace(s)
	return entityRE.ReplaceAllString(s, `\&$1`)
}

// escapeParagraph escapes a paragraph, including what would start a block
// (a heading, a list, a quote, a table) at the beginning of the line.
func escapeParagraph(s string) string {
	s = escapeInline(s)
	if m := listStartRE.FindStringSubmatch(s); m != nil {
		return m[1] + `\` + m[2] + s[len(m[1])+1:]
	}
	if s != "" && strings.ContainsRune("#>-+=|", rune(s[0])) {
		return `\` + s
	}
	return s
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// frontMatter writes the metadata as TOML between +++ lines; metadata
// without a key becomes comments.
func frontMatter(m *Meta, source string) []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	kv := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	kv("title", tomlString(m.Title))
	if m.IndexNo != "" {
		kv("index_no", tomlString(m.IndexNo))
	}
	if m.Publisher != "" {
		kv("publisher", tomlString(m.Publisher))
	}
	if m.DocNo != "" {
		kv("doc_no", tomlString(m.DocNo))
	}
	if !m.Written.IsZero() {
		kv("written", m.Written.String())
	}
	if m.hasPublished() {
		if m.HasTime {
			kv("published", m.Published.Format("2006-01-02T15:04:05-07:00"))
		} else {
			kv("published", m.Published.Format("2006-01-02"))
		}
	}
	if m.Topic != "" {
		kv("topic", tomlString(m.Topic))
	}
	if m.Genre != "" {
		kv("genre", tomlString(m.Genre))
	}
	if m.Validity != "" {
		kv("validity", tomlString(m.Validity))
	}
	if !m.Expires.IsZero() {
		kv("expires", m.Expires.String())
	}
	if m.Disclosure != "" {
		kv("disclosure", tomlString(m.Disclosure))
	}
	if len(m.Keywords) > 0 {
		q := make([]string, len(m.Keywords))
		for i, k := range m.Keywords {
			q[i] = tomlString(k)
		}
		kv("keywords", "["+strings.Join(q, ", ")+"]")
	}
	b.WriteString("# 由 gongkai import 从 " + oneLine(source) + " 导入，请核对。\n")
	if len(m.Other) > 0 {
		b.WriteString("# 原文中的其他元数据（gongkai 没有对应的键）:\n")
		for _, o := range m.Other {
			b.WriteString("# " + oneLine(o.Key) + " = " + tomlString(o.Value) + "\n")
		}
	}
	b.WriteString("+++\n\n")
	return []byte(b.String())
}

func oneLine(s string) string {
	// A TOML comment holds valid UTF-8 without control characters (a file
	// name may have either).
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}
