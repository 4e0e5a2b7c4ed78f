// The frame both report pages share: the HTML document with its inline stylesheet, header and footer; sections and panels.
import { escapeHtml } from './escape.js';
import { STYLES } from './styles.js';

export interface PageOptions {
  title: string;
  /** The grey line under the heading: `3 classes · 120 epochs · generated ...`. */
  subtitle: string;
  /** The sections, as HTML, each on its own line. */
  sections: readonly string[];
  generatedAt?: string;
  /** CSS added after the shared stylesheet. */
  extraStyles?: string;
}

/** A whole, self-contained HTML document: no scripts, no network. */
export function htmlPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="softgrad">
<title>${escapeHtml(options.title)}</title>
<style>${STYLES}${options.extraStyles ?? ''}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.subtitle)}</p>
</header>
${options.sections.join('\n')}
<footer>Made with softgrad${options.generatedAt === undefined ? '' : ` · ${escapeHtml(options.generatedAt)}`}</footer>
</main>
</body>
</html>
`;
}

/** A `<section>` with its heading. */
export function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">
<h2>${escapeHtml(heading)}</h2>
${body}
</section>`;
}

/** A white card with a small heading, for one chart or table. */
export function panel(heading: string, body: string, options: { id?: string; wide?: boolean } = {}): string {
  const id = options.id === undefined ? '' : ` id="${options.id}"`;
  return `<div class="panel${options.wide ? ' wide' : ''}"${id}><h3>${escapeHtml(heading)}</h3>${body}</div>`;
}

/** A grey line of explanation under a heading. */
export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}
