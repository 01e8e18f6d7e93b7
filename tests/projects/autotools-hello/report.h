#ifndef REPORT_H
#define REPORT_H
void report_configuration(void);
#endif
