#!/usr/bin/python3
# check-icon.py: the application icon is a square SVG that draws something
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-icon.py ICON.svg
#
# Checks that the file parses as SVG with a square viewBox (the hicolor
# theme's scalable icons are square), and, when GdkPixbuf with its SVG
# loader is there, that it renders at 128 and 16 pixels with opaque
# pixels in the middle and transparent ones in a corner.

import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}svg'


def fail(message):
    print('icon: ' + message, file=sys.stderr)
    sys.exit(1)


def main():
    path = sys.argv[1]
    root = ET.parse(path).getroot()
    if root.tag != SVG:
        fail('{}: the root element is {}, not <svg>'.format(path, root.tag))
    box = root.get('viewBox', '').split()
    if len(box) != 4 or float(box[2]) != float(box[3]) or float(box[2]) <= 0:
        fail('{}: the viewBox "{}" is not a square'.format(path, root.get('viewBox')))

    try:
        import gi
        gi.require_version('GdkPixbuf', '2.0')
        from gi.repository import GdkPixbuf, GLib
    except (ImportError, ValueError):
        print('icon: no GdkPixbuf, only the XML was checked')
        return 0
    for size in (128, 16):
        try:
            pixbuf = GdkPixbuf.Pixbuf.new_from_file_at_size(path, size, size)
        except GLib.Error as e:
            if 'format' in e.message.lower() or e.matches(GdkPixbuf.pixbuf_error_quark(),
                                                          GdkPixbuf.PixbufError.UNKNOWN_TYPE):
                print('icon: GdkPixbuf has no SVG loader, only the XML was checked')
                return 0
            fail('{}: does not render at {} px: {}'.format(path, size, e.message))
        if (pixbuf.get_width(), pixbuf.get_height()) != (size, size) or not pixbuf.get_has_alpha():
            fail('{}: rendered at {} px as {}x{}, alpha {}'.format(
                path, size, pixbuf.get_width(), pixbuf.get_height(), pixbuf.get_has_alpha()))
        pixels = pixbuf.get_pixels()
        stride, channels = pixbuf.get_rowstride(), pixbuf.get_n_channels()

        def alpha(x, y):
            return pixels[y * stride + x * channels + 3]
        if alpha(size // 2, size // 2) != 255 or alpha(0, 0) != 0:
            fail('{}: at {} px, the middle is not opaque or the corner not transparent'.format(path, size))
    print('icon: {} is a square SVG and renders at 128 and 16 px'.format(path))
    return 0


if __name__ == '__main__':
    sys.exit(main())
