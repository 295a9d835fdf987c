/** A word of a shell command, quoted when it holds anything but safe characters (for the commands kubeprop prints). */
export const shellWord = (w: string): string => (/^[\w./:@%+=,-]+$/.test(w) ? w : `'${w.split("'").join(`'\\''`)}'`);
