/** The safe formatting subset (src/lib/rich-text.ts): paragraphs, lists, bold, http(s)/mailto links; everything else stays text. */
import { describe, expect, it } from "vitest";
import { richTextHtml, richTextPlain } from "../../src/lib/rich-text.ts";

describe("richTextHtml: the subset", () => {
  it.each([
    ["paragraphs and line breaks", "Первый абзац\nвторая строка\n\nВторой абзац", "<p>Первый абзац<br>\nвторая строка</p>\n<p>Второй абзац</p>\n"],
    ["a bulleted list", "- тетрадь\n- ручка", "<ul>\n<li>тетрадь</li>\n<li>ручка</li>\n</ul>\n"],
    ["a numbered list", "1. прийти\n2. сдать", "<ol>\n<li>прийти</li>\n<li>сдать</li>\n</ol>\n"],
    ["bold", "Важно: **в 18:00**", "<p>Важно: <strong>в 18:00</strong></p>\n"],
    ["single stars stay as typed (no italics)", "*не курсив* и _не курсив_", "<p>*не курсив* и _не курсив_</p>\n"],
    ["an https link", "[сайт](https://school.ru/a?b=1&c=2)", '<p><a href="https://school.ru/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">сайт</a></p>\n'],
    ["a mailto link", "[почта](mailto:info@school.ru)", '<p><a href="mailto:info@school.ru" rel="noopener noreferrer nofollow">почта</a></p>\n'],
    [
      "a bare address becomes a link",
      "Подробно: https://school.ru/news",
      '<p>Подробно: <a href="https://school.ru/news" rel="noopener noreferrer nofollow">https://school.ru/news</a></p>\n',
    ],
  ])("%s", (_name, source, html) => {
    expect(richTextHtml(source)).toBe(html);
  });
});

describe("richTextHtml: nothing else gets through", () => {
  it.each([
    ["a script tag", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"],
    ["an image with a handler", '<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n"],
    ["a javascript: link", "[жми](javascript:alert(1))", "<p>[жми](javascript:alert(1))</p>\n"],
    [
      "a javascript: link in mixed case and with spaces",
      "[жми](JaVaScRiPt:alert(1)) [и]( javascript:x)",
      "<p>[жми](JaVaScRiPt:alert(1)) [и]( javascript:x)</p>\n",
    ],
    ["a data: link", "[файл](data:text/html;base64,PHNjcmlwdD4=)", "<p>[файл](data:text/html;base64,PHNjcmlwdD4=)</p>\n"],
    ["an autolink to javascript:", "<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"],
    [
      "a link title with quotes",
      '[x](https://a.ru "t\\" onmouseover=alert(1)")',
      '<p><a href="https://a.ru" title="t&quot; onmouseover=alert(1)" rel="noopener noreferrer nofollow">x</a></p>\n',
    ],
    ["an image", "![x](https://a.ru/x.png)", '<p>!<a href="https://a.ru/x.png" rel="noopener noreferrer nofollow">x</a></p>\n'],
    ["headings, quotes, code, rules", "# Заголовок\n> цитата\n`код`\n---", "<p># Заголовок<br>\n&gt; цитата<br>\n`код`<br>\n---</p>\n"],
    ["an HTML entity stays as typed", "&lt;b&gt; &amp;", "<p>&amp;lt;b&amp;gt; &amp;amp;</p>\n"],
  ])("%s", (_name, source, html) => {
    const out = richTextHtml(source);
    expect(out).toBe(html);
    expect(out).not.toMatch(/<(script|img|iframe|h1|blockquote|code|hr)\b/i);
    expect(out).not.toMatch(/href="(?!https?:|mailto:)/i);
  });

  it("every link carries rel=noopener noreferrer nofollow", () => {
    const out = richTextHtml("[a](https://a.ru) https://b.ru [c](mailto:c@d.ru) www.e.ru");
    expect(out.match(/<a /g)).toHaveLength(4);
    expect(out.match(/rel="noopener noreferrer nofollow"/g)).toHaveLength(4);
  });
});

describe("richTextPlain: the text for excerpts", () => {
  it("drops the markup, keeps the words, cuts with «…»", () => {
    expect(richTextPlain("**Важно**:\n- раз\n- два\n\n[сайт](https://a.ru)")).toBe("Важно: раз два сайт");
    expect(richTextPlain("<script>x</script>")).toBe("<script>x</script>");
    expect(richTextPlain("слово ".repeat(100), 20)).toBe("слово слово слово…");
    expect(richTextPlain("")).toBe("");
  });
});
