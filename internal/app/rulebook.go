package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/sqlstore"
)

// rulebookOf loads the rulebook a case names: a built-in one, or one
// stored on the server (name@version). A case that names none gets the
// built-in rulebook its structure calls for (rulebook.ChooseInto sets
// ev.Rulebook and ev.Provenance.Chosen; mof-2020 for a project that shows
// no other). The server reads no rulebook file: a path names a file on
// someone's computer.
func (a *App) rulebookOf(ctx context.Context, ev *jixiao.Evaluation) (*jixiao.Rulebook, error) {
	if ev.Rulebook == "" {
		if err := rulebook.ChooseInto(ev); err != nil {
			return nil, err
		}
	}
	ref := ev.Rulebook
	if rulebook.IsBuiltin(ref) {
		return a.Rulebook(ref)
	}
	if _, _, ok := jixiao.ParseRulebookRef(ref); ok {
		sr, err := a.storedRulebook(ctx, ref)
		if err != nil {
			return nil, err
		}
		return rulebook.Parse("评分规则 "+sr.Ref, []byte(sr.Source), nil)
	}
	return nil, unknownRulebook(ref)
}

func unknownRulebook(ref string) error {
	if looksLikeFile(ref) {
		return jixiao.Errorf(jixiao.EINVALID, "评分规则“%s”是一个文件，服务器不能读取您电脑上的文件：请先把这个规则文件保存到服务器（管理员或财政局复核人员上传），再在案例中写它的名称", ref)
	}
	return jixiao.Errorf(jixiao.EINVALID, "评分规则“%s”既不是内置规则（%s），也不是服务器上保存的规则", ref, strings.Join(rulebook.Builtin(), "、"))
}

func looksLikeFile(ref string) bool {
	ext := strings.ToLower(filepath.Ext(ref))
	return strings.ContainsAny(ref, `/\`) || ext == ".yaml" || ext == ".yml" || ext == ".json"
}

// storedRulebook returns a stored rulebook by reference: name@version, or
// a name for its latest version.
func (a *App) storedRulebook(ctx context.Context, ref string) (*jixiao.StoredRulebook, error) {
	name, version, ok := jixiao.ParseRulebookRef(ref)
	if !ok {
		name = ref
	}
	sr, err := a.db.StoredRulebook(ctx, name, version)
	if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
		return nil, unknownRulebook(ref)
	}
	return sr, err
}

// pinRulebook checks the rulebook a case names before it is stored, and
// pins a stored rulebook named without its version to its latest version
// (so that the case keeps being scored by the rulebook it was stored
// with, whatever is stored under that name later).
func (a *App) pinRulebook(ctx context.Context, ev *jixiao.Evaluation) error {
	ref := ev.Rulebook
	if ref != "" && !rulebook.IsBuiltin(ref) && !looksLikeFile(ref) {
		if _, _, ok := jixiao.ParseRulebookRef(ref); !ok {
			sr, err := a.storedRulebook(ctx, ref)
			if err != nil {
				return err
			}
			ev.Rulebook = sr.Ref
		}
	}
	_, err := a.rulebookOf(ctx, ev)
	return err
}

// Rulebooks lists the built-in and stored rulebooks.
func (a *App) Rulebooks(ctx context.Context) ([]*jixiao.StoredRulebook, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	var out []*jixiao.StoredRulebook
	for _, n := range rulebook.Builtin() {
		rb, err := a.Rulebook(n)
		if err != nil {
			return nil, err
		}
		out = append(out, &jixiao.StoredRulebook{Name: n, Title: rb.Title, Ref: n, Builtin: true})
	}
	stored, err := a.db.StoredRulebooks(ctx)
	return append(out, stored...), err
}

// StoredRulebook returns a stored rulebook with its source, for any
// signed-in user (rulebooks are the finance bureau's published rules).
func (a *App) StoredRulebook(ctx context.Context, ref string) (*jixiao.StoredRulebook, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	return a.storedRulebook(ctx, ref)
}

// mayPublishRulebooks are the roles that store rulebooks: the finance
// bureau's rules are set by the bureau.
var mayPublishRulebooks = []jixiao.Role{jixiao.RoleAdmin, jixiao.RoleReviewer}

// SaveRulebook stores a rulebook file. Its base, if it extends one, is a
// built-in rulebook or one stored before; it is stored resolved, so that
// it scores the same forever.
func (a *App) SaveRulebook(ctx context.Context, file string, data []byte) (*jixiao.StoredRulebook, bool, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, false, err
	}
	if !slices.Contains(mayPublishRulebooks, u.Role) {
		return nil, false, jixiao.Errorf(jixiao.EFORBIDDEN, "只有管理员和财政复核人员可以保存评分规则")
	}
	rb, err := rulebook.Parse(file, data, func(ref string) ([]byte, bool) {
		sr, err := a.storedRulebook(ctx, ref)
		if err != nil {
			return nil, false
		}
		return []byte(sr.Source), true
	})
	if err != nil {
		return nil, false, err
	}
	return StoreRulebook(ctx, a.db, u, rb, filepath.Base(file))
}

// StoreRulebook stores a loaded rulebook in db, resolved (see
// rulebook.Canonical), for actor; origin names the file it came from. The
// command line's import stores the rulebook file a case names with it.
func StoreRulebook(ctx context.Context, db *sqlstore.DB, actor *jixiao.User, rb *jixiao.Rulebook, origin string) (*jixiao.StoredRulebook, bool, error) {
	name := strings.TrimSpace(rb.Name)
	switch {
	case rulebook.IsBuiltin(name):
		return nil, false, jixiao.Errorf(jixiao.EINVALID, "评分规则的名称“%s”与内置规则相同：请在规则文件中另取一个名称（name）", name)
	case strings.ContainsFunc(name, func(r rune) bool { return r == '@' || r == '/' || r == '\\' || unicode.IsControl(r) }) || utf8.RuneCountInString(name) > 100:
		return nil, false, jixiao.Errorf(jixiao.EINVALID, "评分规则的名称“%s”不能含有 @ / \\ 或控制字符，且不超过100个字", name)
	}
	src, err := rulebook.Canonical(rb)
	if err != nil {
		return nil, false, err
	}
	return db.SaveRulebook(ctx, actor, name, rb.Title, origin, string(src))
}
