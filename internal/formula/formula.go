// Package formula evaluates the small arithmetic expressions rulebooks use
// to score a node ("min(A / T, 1) * W"), exactly, on decimals.
//
// It is written here rather than taken from expr-lang/expr because expr
// computes in float64 and overloads only binary operators, while scores
// derived from money must stay exact.
//
// Grammar: numbers; names (letters incl. Chinese, digits, _); + - * / (also
// × ÷); comparisons < <= > >= == != (also ≤ ≥ ≠); && || ! (also 且 或);
// c ? a : b; parentheses; functions min, max, abs, round(x, n) (half-up),
// floor, ceil, clamp(x, lo, hi), if(c, a, b).
package formula

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// DivPlaces is the precision of division.
const DivPlaces = 16

// Program is a parsed expression.
type Program struct {
	src  string
	root node
	refs []string
}

// Names returns the variable names the expression uses, sorted.
func (p *Program) Names() []string { return p.refs }

// String returns the expression's source.
func (p *Program) String() string { return p.src }

// Compile parses src.
func Compile(src string) (*Program, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	ps := &parser{toks: toks, src: src, names: map[string]bool{}}
	root, err := ps.expr()
	if err != nil {
		return nil, err
	}
	if ps.peek().kind != tEOF {
		return nil, ps.errorf("多余的“%s”", ps.peek().text)
	}
	p := &Program{src: src, root: root}
	for n := range ps.names {
		p.refs = append(p.refs, n)
	}
	sort.Strings(p.refs)
	return p, nil
}

// Eval evaluates the program with the given variables; the result must be a
// number.
func (p *Program) Eval(env map[string]decimal.Decimal) (decimal.Decimal, error) {
	v, err := p.root.eval(env)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("公式“%s”：%w", p.src, err)
	}
	if v.isBool {
		return decimal.Decimal{}, fmt.Errorf("公式“%s”的结果是条件（真/假），不是数值", p.src)
	}
	return v.num, nil
}

type value struct {
	num    decimal.Decimal
	b      bool
	isBool bool
}

func num(d decimal.Decimal) value { return value{num: d} }
func boolean(b bool) value        { return value{b: b, isBool: true} }

type node interface {
	eval(env map[string]decimal.Decimal) (value, error)
}

type (
	numNode  struct{ v decimal.Decimal }
	nameNode struct{ name string }
	unary    struct {
		op string
		x  node
	}
	binary struct {
		op   string
		l, r node
	}
	cond struct{ c, a, b node }
	call struct {
		fn   string
		args []node
	}
)

func (n numNode) eval(map[string]decimal.Decimal) (value, error) { return num(n.v), nil }

func (n nameNode) eval(env map[string]decimal.Decimal) (value, error) {
	v, ok := env[n.name]
	if !ok {
		names := make([]string, 0, len(env))
		for k := range env {
			names = append(names, k)
		}
		sort.Strings(names)
		return value{}, fmt.Errorf("未知的变量“%s”，可用变量：%s", n.name, strings.Join(names, "、"))
	}
	return num(v), nil
}

func numbers(op string, vs ...value) error {
	for _, v := range vs {
		if v.isBool {
			return fmt.Errorf("“%s”的运算对象应为数值，不能是条件", op)
		}
	}
	return nil
}

func (n unary) eval(env map[string]decimal.Decimal) (value, error) {
	x, err := n.x.eval(env)
	if err != nil {
		return value{}, err
	}
	if n.op == "!" {
		if !x.isBool {
			return value{}, fmt.Errorf("“!”的运算对象应为条件")
		}
		return boolean(!x.b), nil
	}
	if err := numbers(n.op, x); err != nil {
		return value{}, err
	}
	if n.op == "-" {
		return num(x.num.Neg()), nil
	}
	return x, nil
}

func (n binary) eval(env map[string]decimal.Decimal) (value, error) {
	l, err := n.l.eval(env)
	if err != nil {
		return value{}, err
	}
	if n.op == "&&" || n.op == "||" {
		if !l.isBool {
			return value{}, fmt.Errorf("“%s”的运算对象应为条件", n.op)
		}
		if (n.op == "&&" && !l.b) || (n.op == "||" && l.b) {
			return l, nil
		}
		r, err := n.r.eval(env)
		if err != nil {
			return value{}, err
		}
		if !r.isBool {
			return value{}, fmt.Errorf("“%s”的运算对象应为条件", n.op)
		}
		return r, nil
	}
	r, err := n.r.eval(env)
	if err != nil {
		return value{}, err
	}
	if err := numbers(n.op, l, r); err != nil {
		return value{}, err
	}
	a, b := l.num, r.num
	switch n.op {
	case "+":
		return num(a.Add(b)), nil
	case "-":
		return num(a.Sub(b)), nil
	case "*":
		return num(a.Mul(b)), nil
	case "/":
		if b.IsZero() {
			return value{}, fmt.Errorf("除数为零")
		}
		return num(a.DivRound(b, DivPlaces)), nil
	case "<":
		return boolean(a.LessThan(b)), nil
	case "<=":
		return boolean(a.LessThanOrEqual(b)), nil
	case ">":
		return boolean(a.GreaterThan(b)), nil
	case ">=":
		return boolean(a.GreaterThanOrEqual(b)), nil
	case "==":
		return boolean(a.Equal(b)), nil
	case "!=":
		return boolean(!a.Equal(b)), nil
	}
	return value{}, fmt.Errorf("未知运算符“%s”", n.op)
}

func (n cond) eval(env map[string]decimal.Decimal) (value, error) {
	c, err := n.c.eval(env)
	if err != nil {
		return value{}, err
	}
	if !c.isBool {
		return value{}, fmt.Errorf("“? :”前应为条件")
	}
	if c.b {
		return n.a.eval(env)
	}
	return n.b.eval(env)
}

var arity = map[string][2]int{ // min, max arguments (-1: any)
	"min": {1, -1}, "max": {1, -1}, "abs": {1, 1}, "round": {1, 2},
	"floor": {1, 1}, "ceil": {1, 1}, "clamp": {3, 3}, "if": {3, 3},
}

func (n call) eval(env map[string]decimal.Decimal) (value, error) {
	if n.fn == "if" {
		return cond{n.args[0], n.args[1], n.args[2]}.eval(env)
	}
	args := make([]decimal.Decimal, len(n.args))
	for i, a := range n.args {
		v, err := a.eval(env)
		if err != nil {
			return value{}, err
		}
		if v.isBool {
			return value{}, fmt.Errorf("%s() 的参数应为数值", n.fn)
		}
		args[i] = v.num
	}
	switch n.fn {
	case "min":
		return num(decimal.Min(args[0], args[1:]...)), nil
	case "max":
		return num(decimal.Max(args[0], args[1:]...)), nil
	case "abs":
		return num(args[0].Abs()), nil
	case "round":
		places := int32(0)
		if len(args) == 2 {
			if !args[1].IsInteger() {
				return value{}, fmt.Errorf("round() 的小数位应为整数")
			}
			places = int32(args[1].IntPart())
		}
		return num(args[0].Round(places)), nil
	case "floor":
		return num(args[0].Floor()), nil
	case "ceil":
		return num(args[0].Ceil()), nil
	case "clamp":
		return num(decimal.Min(decimal.Max(args[0], args[1]), args[2])), nil
	}
	return value{}, fmt.Errorf("未知函数“%s”", n.fn)
}

// Lexing.

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tName
	tOp
)

type token struct {
	kind tokKind
	text string
	pos  int // rune offset, for messages
}

var opSpellings = []struct{ text, op string }{
	{"<=", "<="}, {">=", ">="}, {"==", "=="}, {"!=", "!="}, {"&&", "&&"}, {"||", "||"},
	{"≤", "<="}, {"≥", ">="}, {"≠", "!="}, {"×", "*"}, {"÷", "/"}, {"且", "&&"}, {"或", "||"},
	{"（", "("}, {"）", ")"}, {"，", ","},
	{"+", "+"}, {"-", "-"}, {"*", "*"}, {"/", "/"}, {"<", "<"}, {">", ">"}, {"!", "!"},
	{"(", "("}, {")", ")"}, {",", ","}, {"?", "?"}, {":", ":"}, {"？", "?"}, {"：", ":"},
}

func lex(src string) ([]token, error) {
	var toks []token
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r >= '0' && r <= '9' || r == '.' && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == '.') {
				j++
			}
			toks = append(toks, token{tNum, string(rs[i:j]), i})
			i = j
		case isNameRune(r, true):
			j := i
			for j < len(rs) && isNameRune(rs[j], false) && !isOpRune(rs[j]) {
				j++
			}
			toks = append(toks, token{tName, string(rs[i:j]), i})
			i = j
		default:
			matched := false
			rest := string(rs[i:])
			for _, sp := range opSpellings {
				if strings.HasPrefix(rest, sp.text) {
					toks = append(toks, token{tOp, sp.op, i})
					i += len([]rune(sp.text))
					matched = true
					break
				}
			}
			if !matched {
				return nil, fmt.Errorf("公式“%s”第%d个字符“%c”无法识别", src, i+1, r)
			}
		}
	}
	return append(toks, token{tEOF, "", len(rs)}), nil
}

func isOpRune(r rune) bool { return r == '且' || r == '或' }

func isNameRune(r rune, first bool) bool {
	if isOpRune(r) {
		return false
	}
	return r == '_' || unicode.IsLetter(r) || !first && unicode.IsDigit(r)
}

// Parsing (precedence climbing).

type parser struct {
	toks  []token
	i     int
	src   string
	names map[string]bool
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("公式“%s”第%d个字符处：%s", p.src, p.peek().pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) accept(op string) bool {
	if t := p.peek(); t.kind == tOp && t.text == op {
		p.i++
		return true
	}
	return false
}

func (p *parser) expr() (node, error) {
	c, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if !p.accept("?") {
		return c, nil
	}
	a, err := p.expr()
	if err != nil {
		return nil, err
	}
	if !p.accept(":") {
		return nil, p.errorf("“?”之后缺少“:”")
	}
	b, err := p.expr()
	if err != nil {
		return nil, err
	}
	return cond{c, a, b}, nil
}

var levels = [][]string{{"||"}, {"&&"}, {"<", "<=", ">", ">=", "==", "!="}, {"+", "-"}, {"*", "/"}}

func (p *parser) binary(level int) (node, error) {
	if level == len(levels) {
		return p.unary()
	}
	l, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		found := false
		for _, op := range levels[level] {
			if t.kind == tOp && t.text == op {
				found = true
			}
		}
		if !found {
			return l, nil
		}
		p.next()
		r, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		l = binary{t.text, l, r}
	}
}

func (p *parser) unary() (node, error) {
	for _, op := range []string{"-", "+", "!"} {
		if p.accept(op) {
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return unary{op, x}, nil
		}
	}
	return p.primary()
}

func (p *parser) primary() (node, error) {
	t := p.next()
	switch t.kind {
	case tNum:
		d, err := decimal.NewFromString(t.text)
		if err != nil {
			p.i--
			return nil, p.errorf("“%s”不是有效的数字", t.text)
		}
		return numNode{d}, nil
	case tName:
		if !p.accept("(") {
			p.names[t.text] = true
			return nameNode{t.text}, nil
		}
		ar, ok := arity[t.text]
		if !ok {
			p.i--
			return nil, p.errorf("未知函数“%s”，可用：min、max、abs、round、floor、ceil、clamp、if", t.text)
		}
		var args []node
		if !p.accept(")") {
			for {
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				if p.accept(")") {
					break
				}
				if !p.accept(",") {
					return nil, p.errorf("函数 %s() 的参数之间应以逗号分隔", t.text)
				}
			}
		}
		if len(args) < ar[0] || ar[1] >= 0 && len(args) > ar[1] {
			return nil, p.errorf("函数 %s() 的参数个数不对", t.text)
		}
		return call{t.text, args}, nil
	case tOp:
		if t.text == "(" {
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			if !p.accept(")") {
				return nil, p.errorf("缺少右括号“)”")
			}
			return x, nil
		}
	}
	p.i--
	if t.kind == tEOF {
		return nil, p.errorf("公式不完整")
	}
	return nil, p.errorf("此处不应出现“%s”", t.text)
}
