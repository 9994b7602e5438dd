// How a document reads in the UI: its type in Dutch words, its size in kB or
// MB (Dutch number format), its pages, and the addresses of its download and
// thumbnail (PROTOCOL.md, "Documents").

// The types the server allows (it recognises them by content), in Dutch words.
const TYPE_WORDS = [
  [/^application\/pdf$/, 'PDF'],
  [/^application\/(msword|vnd\.openxmlformats-officedocument\.wordprocessingml\.)/, 'Word'],
  [/^application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.)/, 'Excel'],
  [/^application\/(vnd\.ms-powerpoint|vnd\.openxmlformats-officedocument\.presentationml\.)/, 'PowerPoint'],
  [/^application\/vnd\.oasis\.opendocument\./, 'OpenDocument'],
  [/^image\//, 'afbeelding'],
  [/^text\/csv$/, 'CSV'],
  [/^text\//, 'tekst'],
];

// The same by the name's extension, for a file that has no answer yet.
const EXTENSION_WORDS = {
  pdf: 'PDF', doc: 'Word', docx: 'Word', xls: 'Excel', xlsx: 'Excel', ppt: 'PowerPoint', pptx: 'PowerPoint',
  odt: 'OpenDocument', ods: 'OpenDocument', odp: 'OpenDocument', png: 'afbeelding', jpg: 'afbeelding',
  jpeg: 'afbeelding', txt: 'tekst', csv: 'CSV',
};

/** "PDF", "Word", … "afbeelding", "tekst", "CSV"; '' when unknown. */
export function typeWord(type, name = '') {
  for (const [pattern, word] of TYPE_WORDS) if (pattern.test(type || '')) return word;
  const ext = /\.([^.]+)$/.exec(name || '');
  return (ext && EXTENSION_WORDS[ext[1].toLowerCase()]) || '';
}

const KB = 1024;
const MB = 1024 * 1024;

/** "840 kB", "1,5 MB" (the upload limit counts in these units too). */
export function sizeText(bytes) {
  const n = Number(bytes) || 0;
  if (n < MB) return `${Math.max(1, Math.round(n / KB)).toLocaleString('nl-NL')} kB`;
  return `${(n / MB).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;
}

/** "1 pagina", "12 pagina's"; null without a page count. */
export function pagesText(pages) {
  const n = Number(pages);
  if (!Number.isInteger(n) || n <= 0) return null;
  return n === 1 ? '1 pagina' : `${n.toLocaleString('nl-NL')} pagina's`;
}

/** "PDF · 12 pagina's · 1,5 MB". */
export function documentSummary(doc) {
  return [typeWord(doc.type, doc.name), pagesText(doc.pages), sizeText(doc.size)].filter(Boolean).join(' · ');
}

export const downloadHref = (id) => `/api/documents/${encodeURIComponent(id)}`;
export const thumbnailHref = (id) => `/api/documents/${encodeURIComponent(id)}/thumbnail`;

