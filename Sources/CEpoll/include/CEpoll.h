// The Linux headers the `epoll` transport needs that Swift's Glibc module does not import.
#ifndef C_EPOLL_H
#define C_EPOLL_H
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#endif
#endif
