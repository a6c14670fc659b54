package synth

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"dancu/internal/dc01"
)

func TestDebugDump(t *testing.T) {
	if os.Getenv("SYNTH_DEBUG") == "" {
		t.Skip()
	}
	n := 0
	ages := make([]int, 21)
	total := 0
	hh := map[string]bool{}
	dead := 0
	nguyen := 0
	err := Generate(Options{Province: "42", People: 50000, Seed: 1, DuplicateRate: 0.05}, func(r *dc01.Row) error {
		if n < 40 {
			fmt.Println(strings.Join(r.Values[:], "|"))
		}
		n++
		var y int
		fmt.Sscanf(r.Get("birth_date")[:4], "%d", &y)
		a := 2025 - y
		if a/5 < 20 {
			ages[a/5]++
		} else {
			ages[20]++
		}
		total++
		hh[r.Get("household_ref")] = true
		if r.Get("death_date") != "" {
			dead++
		}
		if strings.HasPrefix(r.Get("full_name"), "Nguyễn") {
			nguyen++
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cum := 0.0
	for i, c := range ages {
		s := float64(c) / float64(total) * 100
		cum += s
		tgt := 0.0
		if i < len(agePyramid) {
			tgt = agePyramid[i]
		}
		fmt.Printf("%3d-%3d %5.2f%% target %5.2f cum %5.1f\n", i*5, i*5+4, s, tgt, cum)
	}
	fmt.Println("rows", total, "households", len(hh), "size", float64(total)/float64(len(hh)), "dead", dead, "nguyen", float64(nguyen)/float64(total))
}
