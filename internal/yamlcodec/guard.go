package yamlcodec

import (
	"fmt"

	"jixiao"
)

// Limits bound a document before any parser sees it. A YAML or JSON parser
// builds a syntax tree many times the size of its input, and some shapes
// (thousands of nested brackets) cost far more than their size; Guard
// refuses such documents by a single pass over the bytes, in constant
// memory, so that the parser only ever sees documents whose cost is known.
type Limits struct {
	// Bytes is the largest document.
	Bytes int
	// Depth is the deepest nesting of collections (mappings, sequences).
	Depth int
	// Nodes bounds the number of values (scalars and collections), counted
	// from the document's structure (a slight over-count); the parser's
	// memory grows with it.
	Nodes int
	// Aliases bounds the uses of YAML aliases (*name). The decoder also
	// counts the values it decodes through aliases against Nodes, so that
	// nested aliases cannot multiply a small document.
	Aliases int
}

// DefaultLimits are those of Decode: ample for a province's case file
// (100,000 indicators fit) and safe against crafted nesting.
var DefaultLimits = Limits{Bytes: 64 << 20, Depth: 64, Nodes: 4_000_000, Aliases: 1000}

// RequestLimits are those of documents that arrive over the network: a
// case of about 8,000 indicators fits. The parser takes up to about 1 KiB
// of memory per value, so one request's document costs at most about
// 250 MiB to parse (measured: docs/server.md, 安全).
var RequestLimits = Limits{Bytes: 16 << 20, Depth: 64, Nodes: 250_000, Aliases: 100}

// Guard checks data against lim without parsing it: its size, the depth of
// its nesting, its count of values and aliases. It understands enough of
// YAML (and JSON, a subset) to skip quoted strings, comments and block
// scalars, and it errs towards counting more, never less. The error names
// the file and, for depth, the line.
func Guard(file string, data []byte, lim Limits) error {
	if lim.Bytes > 0 && len(data) > lim.Bytes {
		return Errors{{File: file, Message: fmt.Sprintf("内容过大（%s），上限为 %s", jixiao.SizeText(int64(len(data))), jixiao.SizeText(int64(lim.Bytes)))}}
	}
	g := guard{data: data, lim: lim, line: 1}
	if err := g.scan(); err != nil {
		return Errors{{File: file, Line: g.line, Column: 1, Message: jixiao.ErrorMessage(err)}}
	}
	return nil
}

type guard struct {
	data    []byte
	lim     Limits
	line    int
	nodes   int
	aliases int
	// indents are the columns of the open block collections.
	indents []int
	// flow is the depth of open [ and { .
	flow int
}

func (g *guard) errDepth() error {
	return jixiao.Errorf(jixiao.EINVALID, "嵌套层数超过 %d 层，不像是案例或请求内容", g.lim.Depth)
}

func (g *guard) node() error {
	g.nodes++
	if g.lim.Nodes > 0 && g.nodes > g.lim.Nodes {
		return jixiao.Errorf(jixiao.EINVALID, "包含的值超过 %d 个，超出上限", g.lim.Nodes)
	}
	return nil
}

func (g *guard) depth() int { return len(g.indents) + g.flow }

// open records a new block collection at column col.
func (g *guard) open(col int) error {
	g.indents = append(g.indents, col)
	if g.lim.Depth > 0 && g.depth() > g.lim.Depth {
		return g.errDepth()
	}
	return nil
}

// scan walks the document line by line. At the start of a line outside
// flow collections it closes the block collections indented deeper and
// opens one for the line's own indentation; within a line it follows
// flow brackets, quotes and comments.
func (g *guard) scan() error {
	d := g.data
	i := 0
	for i < len(d) {
		// Start of a line.
		col := 0
		for i < len(d) && d[i] == ' ' {
			i++
			col++
		}
		if i >= len(d) {
			break
		}
		if d[i] == '\n' || d[i] == '\r' || d[i] == '#' {
			i = g.skipLine(i)
			continue
		}
		if g.flow == 0 {
			for len(g.indents) > 0 && g.indents[len(g.indents)-1] > col {
				g.indents = g.indents[:len(g.indents)-1]
			}
			if len(g.indents) == 0 || g.indents[len(g.indents)-1] < col {
				if err := g.open(col); err != nil {
					return err
				}
			}
			// "- - - x": every sequence indicator opens a collection.
			for i+1 < len(d) && d[i] == '-' && (d[i+1] == ' ' || d[i+1] == '\n' || d[i+1] == '\r') {
				if err := g.node(); err != nil {
					return err
				}
				i += 2
				col += 2
				for i < len(d) && d[i] == ' ' {
					i++
					col++
				}
				if i < len(d) && d[i] != '\n' && d[i] != '\r' && d[i] != '#' {
					if err := g.open(col); err != nil {
						return err
					}
				}
			}
		}
		var err error
		if i, err = g.scanLine(i, col); err != nil {
			return err
		}
	}
	return nil
}

// skipLine returns the index after the end of the line at i.
func (g *guard) skipLine(i int) int {
	for i < len(g.data) && g.data[i] != '\n' {
		i++
	}
	if i < len(g.data) {
		i++
		g.line++
	}
	return i
}

// scanLine reads the rest of a line from i (at column col), counting
// values, following brackets and quotes (which may run over several
// lines), and skipping block scalars. It returns the index of the next
// line.
func (g *guard) scanLine(i, col int) (int, error) {
	d := g.data
	if err := g.node(); err != nil {
		return 0, err
	}
	lineIndent := col
	if len(g.indents) > 0 {
		lineIndent = g.indents[len(g.indents)-1]
	}
	prev := byte(' ')
	for i < len(d) {
		c := d[i]
		switch {
		case c == '\n':
			g.line++
			i++
			if g.flow == 0 {
				return i, nil
			}
			prev = ' '
			continue
		case c == '#' && (prev == ' ' || prev == '\t'):
			for i < len(d) && d[i] != '\n' {
				i++
			}
			continue
		case (c == '"' || c == '\'') && startsToken(prev):
			j, err := g.quoted(i)
			if err != nil {
				return 0, err
			}
			i, prev = j, c
			continue
		case c == '[' || c == '{':
			if startsToken(prev) || g.flow > 0 {
				g.flow++
				if g.lim.Depth > 0 && g.depth() > g.lim.Depth {
					return 0, g.errDepth()
				}
				if err := g.node(); err != nil {
					return 0, err
				}
			}
		case c == ']' || c == '}':
			if g.flow > 0 {
				g.flow--
			}
		case c == ',' && g.flow > 0:
			if err := g.node(); err != nil {
				return 0, err
			}
		case c == ':' && (i+1 >= len(d) || d[i+1] == ' ' || d[i+1] == '\n' || d[i+1] == '\r' || g.flow > 0):
			if err := g.node(); err != nil {
				return 0, err
			}
		case c == '*' && startsToken(prev):
			g.aliases++
			if g.lim.Aliases > 0 && g.aliases > g.lim.Aliases {
				return 0, jixiao.Errorf(jixiao.EINVALID, "别名（*）超过 %d 处，超出上限", g.lim.Aliases)
			}
		case (c == '|' || c == '>') && g.flow == 0 && startsToken(prev) && blockHeader(d, i):
			return g.blockScalar(i, lineIndent), nil
		}
		prev = c
		i++
	}
	return i, nil
}

// startsToken reports whether a character after prev begins a token.
func startsToken(prev byte) bool {
	switch prev {
	case ' ', '\t', '[', '{', ',', ':', '-', '?', '!', '&':
		return true
	}
	return false
}

// blockHeader reports whether the | or > at i begins a block scalar: only
// indentation and chomping indicators, spaces and a comment follow it on
// its line.
func blockHeader(d []byte, i int) bool {
	for i++; i < len(d) && d[i] != '\n'; i++ {
		switch c := d[i]; {
		case c == '-' || c == '+' || (c >= '1' && c <= '9') || c == ' ' || c == '\t' || c == '\r':
		case c == '#':
			return i > 0 && (d[i-1] == ' ' || d[i-1] == '\t')
		default:
			return false
		}
	}
	return true
}

// blockScalar skips a block scalar's header line at i and its content.
// As in YAML, the first non-blank line sets the content's indentation
// (deeper than the parent's, indent); the content runs while lines are
// blank or indented at least as much.
func (g *guard) blockScalar(i, indent int) int {
	i = g.skipLine(i)
	content := -1
	for i < len(g.data) {
		j, col := i, 0
		for j < len(g.data) && g.data[j] == ' ' {
			j++
			col++
		}
		blank := j >= len(g.data) || g.data[j] == '\n' || g.data[j] == '\r'
		if !blank {
			if content < 0 {
				if col <= indent {
					return i
				}
				content = col
			} else if col < content {
				return i
			}
		}
		i = g.skipLine(i)
	}
	return i
}

// quoted skips a quoted string starting at i ("…" with backslash escapes,
// '…' with a doubled ' for a quote) and returns the index after it. Strings may run
// over lines.
func (g *guard) quoted(i int) (int, error) {
	d := g.data
	q := d[i]
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\n':
			g.line++
		case '\\':
			if q == '"' {
				if i+1 < len(d) && d[i+1] == '\n' {
					g.line++
				}
				i++
			}
		case q:
			if q == '\'' && i+1 < len(d) && d[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, nil
		}
	}
	return i, nil // unterminated: the parser will say so
}
