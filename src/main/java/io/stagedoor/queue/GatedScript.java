package io.stagedoor.queue;

import java.util.List;

import io.stagedoor.support.LuaScripts;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.modulith.NamedInterface;

/**
 * A Lua script of another feature that runs behind the gate, in the same Redis call: the gate's
 * function ({@code gate.lua}) is put in front of it, and {@link QueueGate#run} adds the gate's keys
 * and arguments after the script's own. The script declares, after its own keys, the line's waiting,
 * active, seen, entries, deadlines and controls; after its own arguments, the user id, the token id
 * and the active ttl in ms. When the gate finds the entry not active it answers
 * {@code {-4, now, state, value}} and changes nothing of its own.
 */
@NamedInterface("gate")
public final class GatedScript {

	/** The first element of a gated script's answer when the gate refused the token. */
	static final long REFUSED = -4;

	final RedisScript<List<Object>> script;

	private GatedScript(RedisScript<List<Object>> script) {
		this.script = script;
	}

	/** A script under {@code classpath:redis/} that answers with an array, behind the gate. */
	public static GatedScript of(String name) {
		return new GatedScript(LuaScripts.listScript(name, "gate.lua"));
	}

}
