// Symbol.dispose / Symbol.asyncDispose exist from Node 18.18 and 20.4; on older versions use the same
// registered symbols Node uses, so `using` in transpiled code finds our disposers.
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
symbols.dispose ??= Symbol.for('nodejs.dispose');
symbols.asyncDispose ??= Symbol.for('nodejs.asyncDispose');

export {};
