/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -v: every open, ioctl, syscall, mkdir and rmdir of the file that includes
 * this header (last, after the system headers) is a timed step reported by
 * step_report() (output.c): "pci-lu: step: ioctl PCI_LU_IOCTL_CHECK: ok,
 * 0.042 ms".  errno and the return value pass through unchanged.
 */
#ifndef PCI_LU_STEPS_H
#define PCI_LU_STEPS_H

#include <errno.h>

#include "pci-lu.h"

#define PL_STEP(verb, arg, call) ({				\
	double t0_ = step_clock();				\
	long r_ = (long)(call);					\
	int e_ = errno;						\
	step_report(verb, arg, t0_, r_, e_);			\
	errno = e_;						\
	r_; })

#define open(path, ...)	(int)PL_STEP("open", path, open(path, __VA_ARGS__))
#define ioctl(fd, req, arg) (int)PL_STEP("ioctl", #req, ioctl(fd, req, arg))
#define syscall(nr, ...) PL_STEP("syscall", #nr, syscall(nr, __VA_ARGS__))
#define mkdir(path, mode) (int)PL_STEP("mkdir", path, mkdir(path, mode))
#define rmdir(path)	(int)PL_STEP("rmdir", path, rmdir(path))

#endif
