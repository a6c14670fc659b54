package ui

// tilePos places the 34 provinces of the 2025-07-01 list on a 7-column
// grid by their approximate geography, north at the top; the CSS classes
// r1..r17 and c1..c7 put each tile in its cell. TestTileGrid checks that
// every province of the list is placed once, each in its own cell.
var tilePos = map[string][2]int{
	"12": {1, 1}, "15": {1, 2}, "08": {1, 3}, "04": {1, 4},
	"11": {2, 1}, "14": {2, 2}, "19": {2, 3}, "20": {2, 4},
	"25": {3, 2}, "01": {3, 3}, "24": {3, 4}, "22": {3, 5},
	"37": {4, 3}, "33": {4, 4}, "31": {4, 5},
	"38": {5, 3},
	"40": {6, 3},
	"42": {7, 4},
	"44": {8, 4},
	"46": {9, 5},
	"48": {10, 5},
	"51": {11, 5},
	"52": {12, 5},
	"66": {13, 5},
	"68": {14, 4}, "56": {14, 5},
	"80": {15, 2}, "79": {15, 3}, "75": {15, 4},
	"91": {16, 1}, "82": {16, 2}, "86": {16, 3},
	"96": {17, 1}, "92": {17, 2},
}

// tile is one province on the grid.
type tile struct {
	unitFigures
	Name     string
	Row, Col int
}
