// Package face renders both sides of a căn cước card as images (PNG) and
// as a print-ready PDF at ID-1 size (85.60 × 53.98 mm).
//
// Each side is first laid out once, in millimetres, as a list of drawing
// operations (a sheet); a raster painter and a PDF painter then draw the
// same sheet, so the PNG and the PDF cannot drift apart. Text is measured
// with the embedded DejaVu fonts, which cover every Vietnamese letter, and
// long values wrap or shrink to stay inside their box. The MRZ is printed in
// the embedded OCR-B, as ICAO 9303 prescribes. No system font is read at run
// time.
//
// The MRZ lines and the QR image are parameters rather than computed here:
// they are built by package card and passed in.
package face
