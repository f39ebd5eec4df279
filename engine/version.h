/* version — the engine version recorded in every results file. */
#ifndef DIBAOSIM_VERSION_H
#define DIBAOSIM_VERSION_H
#define DIBAOSIM_VERSION "0.1.0"
#endif
