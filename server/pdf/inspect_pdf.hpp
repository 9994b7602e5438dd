#pragma once
// `kennislab inspect-pdf`: the child process that reads one PDF with poppler (Debian's
// libpoppler-cpp) for the documents feature (server/app/documents/pdf_inspector.hpp
// starts it). A hostile PDF may make a parser loop, allocate without end or crash; here
// that happens in a process of its own that limits itself before it reads a byte
// (RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE, no core dumps) and that the server kills after a
// wall-clock deadline, so the server itself never stalls or grows.
//
//   kennislab inspect-pdf --cpu-seconds N --memory-mb M --max-bytes B --max-text-bytes T
//
// stdin: the PDF (at most B bytes). stdout, on success (exit 0): one line of JSON
// {"pages":N,"text_bytes":T,"png_bytes":P}, then T bytes of UTF-8 text (all pages,
// cut at T bytes on a character boundary), then P bytes of PNG: the first page at most
// 240 pixels wide and 480 high (P is 0 when the page does not render). Any other exit:
// nothing usable. The server reads nothing of stderr.
namespace kl::pdf {

int inspect_pdf_command(int argc, char** argv);

}  // namespace kl::pdf
