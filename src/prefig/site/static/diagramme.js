// Draws the governance diagram from its Mermaid text, with the copy of Mermaid the site
// ships (assets/mermaid.min.js). Without JavaScript the page shows the text and the lists.
mermaid.initialize({ startOnLoad: true, securityLevel: "strict" });
