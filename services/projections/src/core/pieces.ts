/**
 * How much text to make at once where a large text is made in pieces (a replay state's frames, a
 * rebuild's COPY text). A string or buffer of 128 KB or more costs about 50 times more per byte
 * to make on this machine than a smaller one (turning a 310 KB buffer into a string: 3.4 ns a
 * byte; at 124 KB and below 0.07–0.36): V8 puts such strings in its large-object space, and
 * malloc maps fresh pages for such buffers. 48 KB stays well under that with rows of any size.
 */
export const PIECE_BYTES = 48 * 1024;
