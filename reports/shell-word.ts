/**
 * A word of a shell command as the user can paste it: the commands kubeprop prints (reproduce a counterexample,
 * draw the coverage) name paths that may hold spaces or quotes.
 */

/** `w` as it stands when it holds only safe characters, else in single quotes (a quote inside as '\''). */
export const shellWord = (w: string): string => (/^[\w./:@%+=,-]+$/.test(w) ? w : `'${w.split("'").join(`'\\''`)}'`);
