# Converts the CFF (cubic) OCR-B of Debian's fonts-ocr-b into TrueType
# (quadratic) outlines, which the PDF writer can embed and subset.
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.pens.cu2quPen import Cu2QuPen

src, dst = sys.argv[1], sys.argv[2]
f = TTFont(src)
order = f.getGlyphOrder()
glyphs = f.getGlyphSet()
glyf = newTable('glyf')
glyf.glyphOrder = order
glyf.glyphs = {}
for name in order:
    pen = TTGlyphPen(None)
    glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyf.glyphs[name] = pen.glyph()
f['glyf'] = glyf
f['loca'] = newTable('loca')
del f['CFF ']
if 'VORG' in f:
    del f['VORG']
f['maxp'].tableVersion = 0x00010000
for attr in ('maxZones', 'maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs',
             'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
    setattr(f['maxp'], attr, 0)
f['maxp'].maxZones = 1
f['maxp'].maxComponentDepth = 0
f['head'].glyphDataFormat = 0
f['post'].formatType = 2.0
f['post'].extraNames = []
f['post'].mapping = {}
f.sfntVersion = '\x00\x01\x00\x00'
f.save(dst)
