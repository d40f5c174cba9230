#include "cli/app.hpp"

int main(int argc, char** argv) { return proven::cli::Main(argc, argv); }
