package auth

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jixiao"
)

// MinPassword is the shortest password accepted, in characters.
const MinPassword = 10

// MaxPassword is the longest password accepted, in characters: it bounds
// the work of checking and hashing one.
const MaxPassword = 256

// The reasons CheckPassword refuses a password: each says why and what to
// do, and none repeats the password.
var (
	msgShort    = fmt.Sprintf("密码至少需要%d个字符：可以用几个词组成一句话，好记又不易被猜中", MinPassword)
	msgLong     = fmt.Sprintf("密码最多%d个字符：请换一个短一些的密码", MaxPassword)
	msgPersonal = "密码不能包含用户名或姓名，别人容易猜中：请换一个与个人信息无关的密码"
	msgPattern  = "密码是连续、重复或键盘上相邻的字符（如 123456、qwerty、aaaaaa 一类），容易被猜中：请换一个没有规律的密码，可以用几个词组成一句话"
	msgCommon   = fmt.Sprintf("密码过于常见，容易被猜中：请换一个至少%d个字符、不常见的密码，可以用几个词组成一句话", MinPassword)
	msgDigits   = "密码几乎全是数字（生日、手机号、QQ 号之类），容易被猜中：请加入字母，或用几个词组成一句话"
)

// CheckPassword says what is wrong with a new password (an EINVALID error
// with a Chinese message), or returns nil. personal are the user's own
// names (username, display name), which the password may not contain.
//
// A password is refused when
//   - it is shorter than MinPassword or longer than MaxPassword characters;
//   - it contains one of the personal names, also after undoing leetspeak
//     (see containsPersonal);
//   - it is a short unit repeated, or made of runs of repeated, consecutive
//     or keyboard-adjacent characters ("1234567890", "1qaz2wsx3edc"; see
//     isPattern);
//   - it is on the embedded list of common passwords, compared
//     case-insensitively and after undoing leetspeak ("P@ssw0rd" is
//     "password"), also after removing a predictable run of digits and
//     symbols from either end ("woaini1314", "password123", "summer2024!";
//     see predictable), and also the unit of a repetition ("woainiwoaini");
//   - it is digits with at most 2 letters and few symbols ("qq123456789",
//     "1986-10-10").
func CheckPassword(password string, personal ...string) error {
	var msg string
	switch n := utf8.RuneCountInString(password); {
	case n < MinPassword:
		msg = msgShort
	case n > MaxPassword:
		msg = msgLong
	default:
		if msg = weakness(fold(password), personal); msg == "" {
			return nil
		}
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s", msg)
}

// weakness returns why p (folded, of an accepted length) is refused, or "".
func weakness(p string, personal []string) string {
	switch {
	case containsPersonal(p, personal):
		return msgPersonal
	case isPattern(p):
		return msgPattern
	case isCommon(p):
		return msgCommon
	case mostlyDigits(p):
		return msgDigits
	}
	return ""
}

//go:embed common-passwords.txt
var commonText string

// commonList is the embedded list: sorted, lower-case, one a line.
var commonList = sync.OnceValue(loadCommon)

// loadCommon splits the embedded list; the strings share its memory.
func loadCommon() []string {
	return strings.Split(strings.TrimSuffix(commonText, "\n"), "\n")
}

// listed reports whether s is on the list of common passwords.
func listed(s string) bool {
	_, ok := slices.BinarySearch(commonList(), s)
	return ok
}

// fold lower-cases s and turns full-width forms (as Chinese input methods
// type them) into ASCII.
func fold(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s))
}

// unleet undoes common leetspeak substitutions; one is what 1 stands for
// (i or l).
func unleet(s string, one rune) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '4', '@':
			return 'a'
		case '8':
			return 'b'
		case '3':
			return 'e'
		case '9':
			return 'g'
		case '1':
			return one
		case '!':
			return 'i'
		case '|':
			return 'l'
		case '0':
			return 'o'
		case '5', '$':
			return 's'
		case '7', '+':
			return 't'
		}
		return r
	}, s)
}

// containsPersonal reports whether p (folded), or p after undoing
// leetspeak, contains one of names (of at least 3 characters) or a part of
// one split at anything but letters and digits (of at least 4); names and
// parts that are not ASCII (Chinese names) count from 2 characters.
func containsPersonal(p string, names []string) bool {
	forms := []string{p, unleet(p, 'i'), unleet(p, 'l')}
	for _, name := range names {
		name = fold(strings.TrimSpace(name))
		parts := append([]string{name}, strings.FieldsFunc(name, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
		for i, part := range parts {
			least := 4 // a part of a name: shorter ones are ordinary syllables
			switch {
			case !isASCII(part):
				least = 2
			case i == 0:
				least = 3
			}
			if utf8.RuneCountInString(part) < least {
				continue
			}
			for _, f := range forms {
				if strings.Contains(f, part) {
					return true
				}
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isPattern reports whether p (folded) is a unit of at most 4 characters
// repeated, or made of runs of repeated, consecutive or keyboard-adjacent
// characters that are on average 4 characters or longer, or all 3 or
// longer ("qazwsxedcrfvtgb").
func isPattern(p string) bool {
	r := []rune(p)
	if len(r) == 0 {
		return false
	}
	if k := period(r); k <= 4 && 2*k <= len(r) {
		return true
	}
	lengths := runs(r)
	return 4*len(lengths) <= len(r) || slices.Min(lengths) >= 3
}

// runs returns the lengths of the maximal runs of r in which each
// character follows the one before it: the same character, the next or
// previous letter or digit, or a neighbour on the keyboard (same row, or a
// touching key in the row above or below: 1qaz, 2wsx, 1q2w3e).
func runs(r []rune) []int {
	var lengths []int
	n := 0
	for i := range r {
		if i > 0 && !follows(r[i-1], r[i]) {
			lengths = append(lengths, n)
			n = 0
		}
		n++
	}
	if n > 0 {
		lengths = append(lengths, n)
	}
	return lengths
}

// follows reports whether b may follow a within a run (see runs).
func follows(a, b rune) bool {
	if a == b {
		return true
	}
	if (isLower(a) && isLower(b)) || (isDigit(a) && isDigit(b)) {
		if d := a - b; d == 1 || d == -1 {
			return true
		}
	}
	ka, kb := keyAt(a), keyAt(b)
	if ka.row < 0 || kb.row < 0 {
		return false
	}
	if ka.row == kb.row {
		dc := ka.col - kb.col
		return dc == 1 || dc == -1
	}
	up, down := ka, kb
	if up.row > down.row {
		up, down = down, up
	}
	// A key touches the two keys above it: q touches 1 and 2.
	dc := up.col - down.col
	return down.row-up.row == 1 && (dc == 0 || dc == 1)
}

func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

type keyPos struct{ row, col int8 }

// keyboard maps a printable ASCII character to its key on a US keyboard
// (shifted characters to their key); row -1 for others.
var keyboard = func() (m [128]keyPos) {
	for i := range m {
		m[i] = keyPos{-1, -1}
	}
	rows := [][2]string{
		{"`1234567890-=", "~!@#$%^&*()_+"},
		{"qwertyuiop[]\\", "QWERTYUIOP{}|"},
		{"asdfghjkl;'", "ASDFGHJKL:\""},
		{"zxcvbnm,./", "ZXCVBNM<>?"},
	}
	for row, keys := range rows {
		// The number row starts half a key further left: 1 is above q
		// and w, so the diagonal columns are 1qaz, 2wsx, … at one index.
		shift := 0
		if row == 0 {
			shift = 1
		}
		for _, s := range keys {
			for i := 0; i < len(s); i++ {
				m[s[i]] = keyPos{int8(row), int8(i - shift)}
			}
		}
	}
	return m
}()

func keyAt(r rune) keyPos {
	if r < 0 || r >= 128 {
		return keyPos{-1, -1}
	}
	return keyboard[r]
}

// period returns the length of the shortest unit of which r is a
// repetition (the last one possibly cut short); len(r) when there is none.
func period(r []rune) int {
	if len(r) == 0 {
		return 0
	}
	// Knuth–Morris–Pratt failure function.
	f := make([]int, len(r))
	for i := 1; i < len(r); i++ {
		k := f[i-1]
		for k > 0 && r[i] != r[k] {
			k = f[k-1]
		}
		if r[i] == r[k] {
			k++
		}
		f[i] = k
	}
	return len(r) - f[len(r)-1]
}

// isCommon reports whether p (folded), or the unit it repeats, is on the
// list: as it is, after removing predictable digits and symbols from
// either end, and each of these after undoing leetspeak.
func isCommon(p string) bool {
	forms := []string{p}
	if r := []rune(p); len(r) > 0 {
		if k := period(r); 2*k <= len(r) {
			forms = append(forms, string(r[:k]))
		}
	}
	for _, f := range forms {
		for _, c := range trimmed(f) {
			if listed(c) || listed(unleet(c, 'i')) || listed(unleet(c, 'l')) {
				return true
			}
		}
	}
	return false
}

// trimmed returns s and s without its leading and/or trailing run of
// characters other than letters, where that run is predictable.
func trimmed(s string) []string {
	start := strings.IndexFunc(s, unicode.IsLetter)
	if start < 0 {
		return []string{s}
	}
	end := strings.LastIndexFunc(s, unicode.IsLetter)
	_, size := utf8.DecodeRuneInString(s[end:])
	end += size
	lead, trail := predictable(s[:start]), predictable(s[end:])
	out := []string{s}
	if lead {
		out = append(out, s[start:])
	}
	if trail {
		out = append(out, s[:end])
	}
	if lead && trail {
		out = append(out, s[start:end])
	}
	return out
}

// predictable reports whether a run of digits and symbols added to a word
// is easy to guess: at most 4 characters, on the list itself ("5201314"),
// a sequence or repetition ("123456", "!@#$"), or digits with at most 2
// symbols ("2024!!") where the digits are one of these, a year, a date or
// a mobile phone number.
func predictable(s string) bool {
	if s == "" {
		return false
	}
	if r := []rune(s); len(r) <= 4 || len(runs(r)) == 1 || listed(s) {
		return true
	}
	var digits []rune
	symbols := 0
	for _, r := range s {
		switch {
		case isDigit(r):
			digits = append(digits, r)
		case !strings.ContainsRune(separators, r):
			symbols++
		}
	}
	if symbols > 2 {
		return false
	}
	d := string(digits)
	switch {
	case len(d) <= 4 || len(runs(digits)) == 1 || listed(d):
		return true
	case len(d) <= 8 && (strings.HasPrefix(d, "19") || strings.HasPrefix(d, "20")):
		return true // a year, and month or day
	case len(d) == 6 || len(d) == 8:
		return isDate(d)
	case len(d) == 11 && d[0] == '1' && d[1] >= '3':
		return true // a mobile phone number
	}
	return false
}

// isDate reports whether d (6 or 8 digits) reads as a date with the year
// first or last: yymmdd, mmddyy, ddmmyy, yyyymmdd, mmddyyyy, ddmmyyyy.
func isDate(d string) bool {
	two := func(i int) int { return int(d[i]-'0')*10 + int(d[i+1]-'0') }
	md := func(a, b int) bool { return a >= 1 && a <= 12 && b >= 1 && b <= 31 }
	y := len(d) - 4 // where the month and day start when the year is first
	return md(two(y), two(y+2)) || md(two(0), two(2)) || md(two(2), two(0))
}

// separators are the characters people put between the parts of a date
// or number.
const separators = " -._/\\,:"

// mostlyDigits reports whether p is digits with at most 2 letters (apart
// from separators), and not many other symbols.
func mostlyDigits(p string) bool {
	var letters, digits, others int
	for _, r := range p {
		switch {
		case strings.ContainsRune(separators, r):
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		default:
			others++
		}
	}
	return letters <= 2 && digits > 2*others
}
