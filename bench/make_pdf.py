#!/usr/bin/env python3
"""bench/make_pdf.py OUT.pdf [MB] [PAGES]

Writes a valid PDF of about MB megabytes (default 20) for the upload memory
bench: PAGES pages (default 360) of report-like text in Helvetica (about
5 KB of text a page, so ~1.9 MB of text: just under the 2 MB the server
keeps for search), and, to make up the size, three photographs' worth of
incompressible image data (random RGB, uncompressed) drawn on three of the
pages.  Deterministic.  No dependencies: the objects and the xref table
are written by hand."""
import random, sys

WORDS = ('trafficking human rescue rehabilitation victims children women district police state advisory '
         'ministry home affairs anti units officers act section offence investigation prosecution '
         'committee meeting training report scheme protection welfare labour bonded missing survivors '
         'repatriation compensation shelter court justice awareness campaign village panchayat railway '
         'border coordination nodal officer guidelines procedure standard operating review monitoring').split()
FILLER = ('the of and to in for on by with is as be are this that which all from at or under shall may has '
          'have been any such their').split()


def text_lines(rng, n):
    for _ in range(n):
        words, length = [], 0
        while length < 88:
            w = rng.choice(WORDS) if rng.random() < 0.45 else rng.choice(FILLER)
            words.append(w)
            length += len(w) + 1
        yield ' '.join(words)


def main():
    out = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    pages = int(sys.argv[3]) if len(sys.argv) > 3 else 360
    rng = random.Random(20261129)
    objs = {}   # number -> bytes (without "N 0 obj")

    # 1 catalog, 2 pages, 3 font; then per page: page, content; then images
    n_images = 3
    first_page = 4
    image_first = first_page + 2 * pages
    objs[1] = b'<< /Type /Catalog /Pages 2 0 R >>'
    objs[3] = b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'

    # the text's share of the size, then what the images make up
    contents = []
    for p in range(pages):
        lines = [f'Page {p + 1}: report of the Anti Trafficking Cell on rescue and rehabilitation']
        lines += list(text_lines(rng, 60))
        ops = ['BT', '/F1 9 Tf', '11 TL', '40 810 Td']
        for ln in lines:
            ln = ln.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
            ops.append(f'({ln}) Tj T*')
        ops.append('ET')
        contents.append('\n'.join(ops).encode('latin-1'))
    text_bytes = sum(len(c) for c in contents)
    image_bytes = max(0, int(mb * 1024 * 1024) - text_bytes - 200 * pages)
    side = int((image_bytes / n_images / 3) ** 0.5)
    image_pages = [0, pages // 3, 2 * pages // 3]

    kids = []
    for p in range(pages):
        page_no, content_no = first_page + 2 * p, first_page + 2 * p + 1
        kids.append(f'{page_no} 0 R')
        xobj = ''
        content = contents[p]
        if p in image_pages:
            k = image_pages.index(p)
            xobj = f' /XObject << /Im{k} {image_first + k} 0 R >>'
            content = f'q 300 0 0 300 150 100 cm /Im{k} Do Q\n'.encode() + content
        objs[page_no] = (f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
                         f'/Resources << /Font << /F1 3 0 R >>{xobj} >> /Contents {content_no} 0 R >>').encode()
        objs[content_no] = b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream'
    for k in range(n_images):
        data = rng.randbytes(side * side * 3)
        objs[image_first + k] = (b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB '
                                 b'/BitsPerComponent 8 /Length %d >>\nstream\n' % (side, side, len(data))
                                 + data + b'\nendstream')
    objs[2] = f'<< /Type /Pages /Count {pages} /Kids [{" ".join(kids)}] >>'.encode()

    n = max(objs) + 1
    with open(out, 'wb') as f:
        f.write(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
        offsets = [0] * n
        for i in range(1, n):
            offsets[i] = f.tell()
            f.write(b'%d 0 obj\n' % i + objs[i] + b'\nendobj\n')
        xref = f.tell()
        f.write(b'xref\n0 %d\n0000000000 65535 f \n' % n)
        for i in range(1, n):
            f.write(b'%010d 00000 n \n' % offsets[i])
        f.write(b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (n, xref))


main()
