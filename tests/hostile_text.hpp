// Checks that text from contracts and events cannot take over a Markdown or
// CSV output: shared by the renderers' unit tests and the command's test.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hostile {

// Names, ids and notes that try to inject markup, table cells, headings
// and spreadsheet formulas.
inline const std::string kMarkup = "<script>alert(1)</script> | x\n# y";
inline const std::string kFormula = "=HYPERLINK(\"http://evil\",\"x\")";

// Cells of one Markdown table row: split on the pipes that are not escaped.
inline std::vector<std::string> md_cells(const std::string& row) {
  std::vector<std::string> cells(1);
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      cells.back() += row.substr(i, 2);
      ++i;
    } else if (row[i] == '|') {
      cells.emplace_back();
    } else {
      cells.back() += row[i];
    }
  }
  return cells;
}

// Every table in `md` keeps the column count of its header on every row,
// no raw tag opens, and no line of data became a heading.
inline void expect_safe_markdown(const std::string& md) {
  EXPECT_EQ(md.find("<script"), std::string::npos) << md;
  EXPECT_EQ(md.find("\n# y"), std::string::npos) << md;
  size_t columns = 0;
  size_t start = 0;
  while (start < md.size()) {
    size_t end = md.find('\n', start);
    if (end == std::string::npos) end = md.size();
    std::string line = md.substr(start, end - start);
    if (line.rfind("|", 0) == 0) {
      if (columns == 0) columns = md_cells(line).size();
      EXPECT_EQ(md_cells(line).size(), columns) << "row: " << line << "\nin:\n" << md;
    } else {
      columns = 0;  // a table ends at the first line that is not a row
    }
    start = end + 1;
  }
}

// RFC 4180 records: quoted fields may hold commas, quotes and line breaks.
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        row.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        row.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.emplace_back();
    } else if (c == '\n') {
      rows.push_back(row);
      row.assign(1, "");
    } else {
      row.back() += c;
    }
  }
  if (row.size() > 1 || !row.front().empty()) rows.push_back(row);
  return rows;
}

inline bool is_number(const std::string& cell) {
  if (cell.empty()) return false;
  size_t i = cell[0] == '-' ? 1 : 0;
  bool digits = false;
  for (; i < cell.size(); ++i) {
    if (cell[i] >= '0' && cell[i] <= '9')
      digits = true;
    else if (cell[i] != '.')
      return false;
  }
  return digits;
}

// No cell a spreadsheet would run as a formula: every cell that begins with
// = + - @ tab or carriage return is a number Vow wrote.
inline void expect_safe_csv(const std::string& csv) {
  auto rows = csv_rows(csv);
  ASSERT_FALSE(rows.empty()) << csv;
  for (const auto& row : rows) {
    EXPECT_EQ(row.size(), rows.front().size()) << csv;
    for (const auto& cell : row) {
      if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos) {
        EXPECT_TRUE(is_number(cell)) << "cell [" << cell << "] in:\n" << csv;
      }
    }
  }
}

}  // namespace hostile
