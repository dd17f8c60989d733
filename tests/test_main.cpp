// test_main.cpp: doctest's main, and a listener that ends the run with the line every bnlab test suite ends with:
// "N passed, N failed", counted per test case (build-wasm.sh sums these lines over the ctest suites).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest.h>

#include <ostream>

namespace {

// Prints "N passed, N failed" after doctest's own summary; every other event is left to the console reporter.
struct SummaryLine : doctest::IReporter {
  std::ostream& out;
  explicit SummaryLine(const doctest::ContextOptions& options) : out(*options.cout) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    // Test cases that ran (passed the filters) minus those that failed, as doctest's "test cases:" line counts them.
    const unsigned failed = stats.numTestCasesFailed;
    out << (stats.numTestCasesPassingFilters - failed) << " passed, " << failed << " failed" << std::endl;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

REGISTER_LISTENER("summary_line", 1, SummaryLine);
