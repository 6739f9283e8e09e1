// The book's own script: mdBook adds it (book.toml's additional-js), and so does make book's
// pandoc build (.ci/book-pandoc).
//
// A long qualified name in a table cell, such as basehttp.BaseHTTPRequestHandler.SysVersion,
// may break after a dot, so that the table fits the page and no name is cut
// in the middle of a word (book.css breaks a name anywhere only when no such place is left).
document.addEventListener("DOMContentLoaded", () => {
  for (const code of document.querySelectorAll("table code")) {
    if (code.children.length > 0) {
      continue;
    }
    const parts = code.textContent.split(/(?<=\.(?=\w))/);
    code.textContent = "";
    parts.forEach((part, i) => {
      if (i > 0) {
        code.appendChild(document.createElement("wbr"));
      }
      code.appendChild(document.createTextNode(part));
    });
  }
});
