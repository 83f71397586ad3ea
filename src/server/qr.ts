// QR codes of the viewers' address, so a class can scan it off the projector: as SVG for the
// presenter's page (made here, so the page's bundle carries no QR encoder) and as text blocks
// for the terminal. Runs in Node (the web server and `lanes web --share`).

import { toString as qrToString } from 'qrcode';

/** Two modules of quiet zone: enough for phone cameras, and the page puts it on white anyway. */
const MARGIN_MODULES = 2;

/** The QR code as SVG text (black on white, scalable). */
export function qrSvg(text: string): Promise<string> {
  return qrToString(text, { type: 'svg', margin: MARGIN_MODULES, errorCorrectionLevel: 'M' });
}

/**
 * The QR code as lines of half-block characters. On a terminal, `colour` paints it black on white
 * whatever the terminal's theme (a code drawn light on dark is not read by every phone); without
 * one (a pipe, a log file), plain characters without escape codes.
 */
export function qrTerminal(text: string, colour: boolean): Promise<string> {
  return colour
    ? qrToString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
    : qrToString(text, { type: 'utf8', margin: MARGIN_MODULES, errorCorrectionLevel: 'M' });
}
