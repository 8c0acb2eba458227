/**
 * The console's page: SLDS, a "building…" message that the bundle replaces once it has loaded
 * (the bundle's request waits for a first build), and the bundle itself.
 */
export function consolePage(): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Closebooks sandbox console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/styles/salesforce-lightning-design-system.min.css">
</head>
<body class="slds-scope">
<div id="console">
<main class="slds-p-around_large">
<h1 class="slds-text-heading_medium">Closebooks sandbox console</h1>
<p role="status" class="slds-m-top_small">Building the console… (the first start compiles the components; later starts use the cache)</p>
</main>
</div>
<script type="module" src="/console/bundle.js"></script>
</body>
</html>
`;
}
