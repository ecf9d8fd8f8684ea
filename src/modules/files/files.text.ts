/** Russian wording of the file checks (one place, so messages read alike in every form). */

const REFUSED: Record<string, (name: string, what?: string) => string> = {
  html: (name) => `Файл «${name}» — веб-страница или разметка (HTML, SVG, XML): такие файлы не принимаются. Сохраните его как PDF.`,
  mismatch: (name, what) => `Файл «${name}» не является файлом ${(what ?? "").toUpperCase()}: его содержимое — обычный текст. Проверьте, тот ли файл выбран.`,
  unknown: (name) =>
    `Файл «${name}» не принят: можно прикладывать документы (PDF, Word, Excel, PowerPoint, OpenDocument, RTF), картинки (PNG, JPEG, GIF, WebP), текст и CSV в UTF-8, архивы ZIP, 7z и RAR.`,
};

export const FILE_TEXT = {
  tooMany: (max: number) => `Можно приложить не больше ${max} ${plural(max, "файла", "файлов", "файлов")}.`,
  tooLarge: (name: string, mb: number) => `Файл «${name}» больше ${mb} МБ — это предел, установленный школой.`,
  empty: (name: string) => `Файл «${name}» пустой.`,
  refused: (name: string, reason: string, what?: string) => (REFUSED[reason] ?? REFUSED.unknown!)(name, what),
  /** «12 КБ», «3,4 МБ», «1,2 ГБ». */
  size: (bytes: number) =>
    bytes < 1024
      ? `${bytes} Б`
      : bytes < 1024 ** 2
        ? `${Math.round(bytes / 1024)} КБ`
        : bytes < 1024 ** 3
          ? `${(bytes / 1024 ** 2).toFixed(1).replace(".", ",")} МБ`
          : `${(bytes / 1024 ** 3).toFixed(1).replace(".", ",")} ГБ`,
};

function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}
