package dedupe

import (
	"slices"
	"strings"
	"unicode"

	"dancu/internal/textfold"
)

// Name is a Vietnamese full name as folded tokens, in the written order:
// surname (họ) first, given name (tên) last, middle names (chữ đệm) between.
// The derived strings (full, bag, …) are built once by ParseName: scoring
// asks for them millions of times, and building them on each call was a
// fifth of a full run's CPU.
type Name struct {
	Tokens []string
	// full, bag, surnameGiven and surnameMiddles are set by ParseName; a
	// Name built from Tokens alone computes them on demand.
	full, bag, surnameGiven, surnameMiddles string
	// untyped is the name with Telex leftovers undone ("nguyeenx" →
	// "nguyen", see undoTelex), or "" when it has none. The tokens keep
	// what was typed: a key slip onto a tone key ("Anh" → "Anj") looks
	// like a leftover, and undoing it would turn a slip into another name.
	untyped string
}

// ParseName folds a full name and splits it into tokens. Anything but a
// letter, digit or apostrophe ("H'Hen") separates tokens, so "Nguyễn-Văn
// An" and "Nguyen Van An" give the same tokens.
func ParseName(s string) Name { return Interner{}.parseName(s) }

func (in Interner) parseName(s string) Name {
	if n, ok := in.names[s]; ok {
		return n // Tokens is shared: names are never changed once parsed
	}
	n := in.parseNew(s)
	if in.names != nil && s != "" {
		in.names[in.intern(s)] = n
	}
	return n
}

func (in Interner) parseNew(s string) Name {
	f := textfold.Fold(splitCamel(s))
	toks := strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, t := range toks {
		toks[i] = in.intern(t)
	}
	n := Name{Tokens: toks}
	n.full = in.intern(n.computeFull())
	n.bag = in.intern(n.computeBag())
	n.surnameGiven = in.intern(n.computeSurnameGiven())
	n.surnameMiddles = in.intern(n.computeSurnameMiddles())
	if u := untypedFull(toks); u != n.full {
		n.untyped = in.intern(u)
	}
	return n
}

// IsZero reports an empty name.
func (n Name) IsZero() bool { return len(n.Tokens) == 0 }

// Surname is the first token.
func (n Name) Surname() string {
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.Tokens[0]
}

// Given is the last token; a one-word name is its own given name.
func (n Name) Given() string {
	if len(n.Tokens) == 0 {
		return ""
	}
	return n.Tokens[len(n.Tokens)-1]
}

// Middles are the tokens between surname and given name.
func (n Name) Middles() []string {
	if len(n.Tokens) < 3 {
		return nil
	}
	return n.Tokens[1 : len(n.Tokens)-1]
}

// Full is the folded name with single spaces.
func (n Name) Full() string {
	if n.full != "" || len(n.Tokens) == 0 {
		return n.full
	}
	return n.computeFull()
}

func (n Name) computeFull() string { return strings.Join(n.Tokens, " ") }

// SurnameGiven is the name without its middle names: the part that stays
// when a clerk drops or adds a chữ đệm.
func (n Name) SurnameGiven() string {
	if n.surnameGiven != "" || len(n.Tokens) == 0 {
		return n.surnameGiven
	}
	return n.computeSurnameGiven()
}

func (n Name) computeSurnameGiven() string {
	if len(n.Tokens) < 2 {
		return n.computeFull()
	}
	return n.Surname() + " " + n.Given()
}

// SurnameMiddles is the name without its given name.
func (n Name) SurnameMiddles() string {
	if n.surnameMiddles != "" || len(n.Tokens) < 2 {
		return n.surnameMiddles
	}
	return n.computeSurnameMiddles()
}

func (n Name) computeSurnameMiddles() string {
	if len(n.Tokens) < 2 {
		return ""
	}
	return strings.Join(n.Tokens[:len(n.Tokens)-1], " ")
}

// Bag is the tokens sorted: the same for "Nguyễn Văn An" and a form that
// wrote the given name first ("An Nguyễn Văn").
func (n Name) Bag() string {
	if n.bag != "" || len(n.Tokens) == 0 {
		return n.bag
	}
	return n.computeBag()
}

func (n Name) computeBag() string {
	t := slices.Clone(n.Tokens)
	slices.Sort(t)
	return strings.Join(t, " ")
}
