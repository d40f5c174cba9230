#pragma once
// The `proven` command line: serve, migrate, import, export.
namespace proven::cli {

// Parses argv and runs the subcommand; returns the process exit code.
int Main(int argc, char** argv);

}  // namespace proven::cli
