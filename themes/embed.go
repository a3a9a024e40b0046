// Package themes embeds the built-in theme, so that the gongkai binary alone
// builds any site. A site's own themes/<name>/ overrides it file by file.
package themes

import "embed"

// Default is the built-in theme: layouts/, static/ and i18n/.
//
//go:embed all:default
var Default embed.FS

// DefaultRoot is the folder of the built-in theme inside Default.
const DefaultRoot = "default"
