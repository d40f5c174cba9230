#include <malloc.h>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // Searches allocate and free bitmaps of ~n/8 bytes; keep freed memory in the heap instead of
  // returning (and page-faulting) it on every query.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  return proven::cli::Main(argc, argv);
}
