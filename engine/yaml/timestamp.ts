/**
 * yaml.v3's timestamp resolution: a plain scalar that starts with `YYYY-` and parses with one of
 * its four layouts through Go's time.Parse (UTC unless the text carries a zone; a numeric offset
 * that time.Local uses at that instant yields time.Local, as time.Parse does).
 */
import type { GoTime } from '../core/go-time';
import { UTC_ZONE } from '../core/go-time';
import { parseTime, TimeParseError } from '../go/time';

const LAYOUTS = [
  '2006-1-2T15:4:5.999999999Z07:00',
  '2006-1-2t15:4:5.999999999Z07:00',
  '2006-1-2 15:4:5.999999999',
  '2006-1-2',
];

/** The timestamp a scalar denotes, or undefined when yaml.v3 would keep it a string or number. */
export function parseYamlTimestamp(text: string): GoTime | undefined {
  if (!/^\d{4}-/.test(text)) return undefined;
  for (const layout of LAYOUTS) {
    try {
      return parseTime(layout, text, UTC_ZONE);
    } catch (error) {
      if (!(error instanceof TimeParseError)) throw error;
    }
  }
  return undefined;
}
