/* The power sampler thread: fuel-gauge files read at a fixed rate, written as "sample" lines. */
#ifndef AURORA_SAMPLER_H
#define AURORA_SAMPLER_H

/* Starts the thread (it idles while hz <= 0). power_dir is the device path of the power supply folder.
   tick is called from the sampler thread at least every 100 ms (may be NULL). Returns 0 on success. */
int sampler_start(double hz, const char *power_dir, void (*tick)(void));
/* Changes the rate; 0 stops sampling (the thread stays, idle). Takes effect at once. */
void sampler_set_hz(double hz);
double sampler_get_hz(void);
/* Stops and joins the thread. */
void sampler_stop(void);

#endif
