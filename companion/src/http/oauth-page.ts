/**
 * A small page for the browser tab that went through an OAuth consent; no request data is
 * echoed, nothing is cached, and the page may load nothing.
 */
export function oauthPage(title: string, text: string, status: 200 | 400 | 502): Response {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
    return new Response(html, {
        status,
        headers: {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy': "default-src 'none'"
        }
    });
}
