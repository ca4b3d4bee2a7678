import type { AnyTool } from '../../src/tools/define-tool.ts'
import showPerformance from './show-performance.ts'

export const showsTools: AnyTool[] = [showPerformance]
