// placeholder until bntrace lands
#include <cstdio>
int main() { std::fprintf(stderr, "bntrace: not built yet\n"); return 2; }
