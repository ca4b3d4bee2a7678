import type { Request, RequestHandler, Response } from 'express'
import { ipKeyGenerator } from 'express-rate-limit'
import { keyIdOf } from './request-role.ts'

interface Lane {
  running: number
  waiting: Array<() => void>
}

/** Whose lane a request waits in: its API key, or its address without one (as the rate limit counts). */
export function laneOf(request: Request, response: Response): string {
  const keyId = keyIdOf(response)
  return keyId ? `key:${keyId}` : `address:${ipKeyGenerator(request.ip ?? '')}`
}

/**
 * At most `perKey` requests of one key run at once; the rest wait in that key's own queue, in order. The database
 * pool is shared by everyone, so without this one key flooding within its rate limit takes every connection and
 * another key's simple question waits behind all of its work. A slot is held until the response closes
 * (finished, or the client went away), and a request whose client leaves while waiting never runs.
 */
export function fairShare(perKey: number): RequestHandler {
  const lanes = new Map<string, Lane>()
  const release = (name: string, lane: Lane) => {
    const next = lane.waiting.shift()
    if (next) return next()
    lane.running -= 1
    if (lane.running === 0) lanes.delete(name)
  }
  return (request, response, next) => {
    const name = laneOf(request, response)
    let lane = lanes.get(name)
    if (!lane) {
      lane = { running: 0, waiting: [] }
      lanes.set(name, lane)
    }
    const current = lane
    const start = () => {
      response.once('close', () => release(name, current))
      next()
    }
    if (current.running < perKey) {
      current.running += 1
      return start()
    }
    // The slot passes from the finishing request to this one, so `running` stays as it is.
    current.waiting.push(start)
    response.once('close', () => {
      const index = current.waiting.indexOf(start)
      if (index >= 0) current.waiting.splice(index, 1)
    })
  }
}
