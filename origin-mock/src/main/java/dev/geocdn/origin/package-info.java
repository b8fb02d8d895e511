/**
 * A configurable HTTP/1.1 origin server (plain Reactor Netty) for the cache node's local run,
 * integration tests and benchmarks. Start it with {@link dev.geocdn.origin.OriginMock#start} or
 * from the command line with {@link dev.geocdn.origin.OriginMockMain}; shape each response with
 * query parameters (see the module README).
 */
package dev.geocdn.origin;
