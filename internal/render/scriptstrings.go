package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/gongkai-dev/gongkai/internal/layout"
)

// scriptString is a theme script's placeholder for a translated string: a
// JavaScript string literal holding a template action, '{{T "key"}}', so
// that the script is valid as it stands in the theme.
var scriptString = regexp.MustCompile(`'\{\{T "([a-z0-9_]+)"\}\}'`)

// Script is the theme script rel ("js/site.js") as written with the
// site's strings (as StaticFile gave it: out, b): each '{{T "key"}}' is
// replaced by the translation of key as a JavaScript string, and the file
// is named after the hash of the result. A script's words thus live in the
// translation file, as the pages' do, without being written into every
// page that loads it. A script without placeholders is returned as it is;
// an unknown key is an error.
func Script(rel, out string, b []byte, strs map[string]string) (string, []byte, error) {
	if !bytes.Contains(b, []byte(`'{{T "`)) {
		return out, b, nil
	}
	var err error
	b = scriptString.ReplaceAllFunc(b, func(m []byte) []byte {
		key := string(scriptString.FindSubmatch(m)[1])
		s, ok := strs[key]
		if !ok {
			if err == nil {
				err = fmt.Errorf("脚本 static/%s 所用的键 %q 不在翻译文件中：请在 i18n 文件中加上它", rel, key)
			}
			return m
		}
		j, _ := json.Marshal(s) // escapes what could end the script (<, U+2028)
		return j
	})
	return layout.Asset(hashName(rel, b)), b, err
}
