/** JMH microbenchmarks of the core's hot paths, run by {@code bench/jmh.sh} and never by the test suite. */
package dev.chat.core.bench;
